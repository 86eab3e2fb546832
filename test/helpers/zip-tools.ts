import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './scratch.js';

// Zip readers we did not write: Info-ZIP's `unzip` (Debian package `unzip`) and
// Python's zipfile.

const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;

/** A test option: skipped with the package's name when unzip is missing, except in CI where it must be there. */
export const needsUnzip = hasUnzip || process.env.CI === 'true' ? {} : { skip: 'unzip is not installed (Debian package: unzip)' };

function saved(archive: Buffer): string {
  const path = join(scratchDir('zip'), 'bundle.zip');
  writeFileSync(path, archive);
  return path;
}

/** `unzip -t`'s report; throws when it finds a fault. */
export function unzipTest(archive: Buffer): string {
  return execFileSync('unzip', ['-t', saved(archive)], { encoding: 'utf8' });
}

const PYTHON = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    members = [{"name": i.filename, "size": i.file_size, "compress": i.compress_type, "date": list(i.date_time),
                "sha256": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]
print(json.dumps({"bad": bad, "members": members}))
`;

export interface PythonMember {
  name: string;
  size: number;
  compress: number;
  date: number[];
  sha256: string;
}

/** What Python's zipfile reads in an archive (every member's CRC checked). */
export function pythonRead(archive: Buffer): { bad: string | null; members: PythonMember[] } {
  return JSON.parse(execFileSync('python3', ['-c', PYTHON, saved(archive)], { encoding: 'utf8' }));
}
