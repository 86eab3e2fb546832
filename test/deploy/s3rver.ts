import { join } from 'node:path';
import type { TestContext } from 'node:test';
import S3rver from 's3rver';

/** The credentials s3rver accepts unless told otherwise. */
export const S3RVER_KEY = 'S3RVER';

interface Listing {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface ListOptions {
  delimiter?: string;
  prefix?: string;
  maxKeys?: number;
}
interface Store {
  listObjects(bucket: string, options: ListOptions): Promise<Listing>;
}

/**
 * s3rver 3.7 lists a delimited prefix by walking its folders and skips every
 * folder below the first delimiter, so a common prefix whose objects all sit two
 * or more levels deeper is never reported. Litestream lists
 * `db/generations/` that way (the objects are in `<generation>/wal/` and
 * `<generation>/snapshots/`) and would never find a backup. This lists without
 * the delimiter and groups the keys as S3 does.
 */
function groupByDelimiter(store: Store): void {
  const listAll = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const { delimiter = '', prefix = '' } = options;
    if (delimiter === '') return listAll(bucket, options);
    // Litestream's listings are a handful of keys: no paging needed.
    const all = await listAll(bucket, { ...options, delimiter: '', maxKeys: Infinity });
    const objects: Listing['objects'] = [];
    const prefixes = new Set<string>();
    for (const object of all.objects) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at === -1) objects.push(object);
      else prefixes.add(object.key.slice(0, at + delimiter.length));
    }
    return { objects, commonPrefixes: [...prefixes].sort(), isTruncated: false };
  };
}

/** An S3-compatible server on loopback, in this process, storing under `dir`. */
export async function startS3rver(t: TestContext, dir: string, bucket: string): Promise<{ endpoint: string }> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 's3rver'),
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  groupByDelimiter((server as unknown as { store: Store }).store);
  const { port } = await server.run();
  t.after(() => server.close());
  return { endpoint: `http://127.0.0.1:${port}` };
}
