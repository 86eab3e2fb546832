import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, posix, relative, sep } from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { PageScript } from '../../views/context.js';
import type { ScriptBundle } from '../build/bundle-scripts.js';
import { HttpError } from './errors.js';
import { serviceWorkerScript } from './service-worker.js';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

export interface AssetCatalog {
  /** `/assets/css/base.3f2a…9c.css` for `css/base.css`; throws for a file that does not exist. */
  url(path: string): string;
  /** The bundle of a script entry such as `js/pages/upload.js`, and the chunks to preload with it. */
  script(entry: string): PageScript;
  /** The asset served at a hashed `/assets/…` path or a root icon path. */
  find(urlPath: string): Asset | undefined;
  /** Root-level paths that must answer at fixed URLs (favicons, manifest). */
  rootPaths: string[];
  /** The service worker's script, served at `/sw.js`. */
  serviceWorker: Asset;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.xml': 'application/xml; charset=utf-8',
};

// A hashed URL names exactly one content, so browsers may keep it for good.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Root icons keep their URL whatever they hold; a day is short enough for a
// new icon to show up and long enough to spare the requests.
const ROOT_FILE = 'public, max-age=86400';
// Browsers check a service worker for updates themselves; always revalidate.
const SERVICE_WORKER = 'no-cache';
const HASH_LENGTH = 12;

// Browser scripts are served from their bundles (src/build), never one by one.
const SCRIPT_SOURCES = 'js/';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

function makeAsset(body: Buffer, path: string, cacheControl: string): Asset & { hash: string } {
  const type = TYPES[extname(path)];
  if (!type) throw new Error(`no content type known for asset ${path}`);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, HASH_LENGTH);
  return { body, type, etag: `"${hash}"`, cacheControl, hash };
}

const hashedName = (path: string, hash: string): string => {
  const ext = posix.extname(path);
  return `${path.slice(0, -ext.length)}.${hash}${ext}`;
};

/**
 * Reads every asset once at start-up and names each by its content's hash, so a
 * changed file gets a new URL and old URLs can be cached forever. Files in
 * `root/` are served at the site root under their own names instead. Scripts
 * come bundled, already named by their hash.
 */
export function loadAssets(assetsDir: string, bundle: ScriptBundle, serviceWorkerCode: string): AssetCatalog {
  const served = new Map<string, Asset>();
  const urls = new Map<string, string>();

  const addHashed = (path: string, body: Buffer): void => {
    const asset = makeAsset(body, path, IMMUTABLE);
    const url = `/assets/${hashedName(path, asset.hash)}`;
    served.set(url, asset);
    urls.set(path, url);
  };

  const rootPaths: string[] = [];
  for (const file of walk(assetsDir)) {
    const path = relative(assetsDir, file).split(sep).join('/');
    const body = readFileSync(file);
    if (path.startsWith(SCRIPT_SOURCES)) continue;
    if (path.startsWith('root/')) {
      const url = `/${path.slice('root/'.length)}`;
      served.set(url, makeAsset(body, path, ROOT_FILE));
      rootPaths.push(url);
    } else {
      addHashed(path, body);
    }
  }
  for (const [path, text] of Object.entries(bundle.files)) {
    served.set(`/assets/${path}`, makeAsset(Buffer.from(text), path, IMMUTABLE));
  }

  // The app shell: everything hashed (stylesheets, bundles, icons) and the
  // root icons; the manifest and browserconfig are read by browsers themselves.
  const shell = [...served.keys()].filter((url) => url.startsWith('/assets/') || /\.(png|ico|svg)$/.test(url));
  const serviceWorker = makeAsset(Buffer.from(serviceWorkerScript(serviceWorkerCode, shell)), 'sw.js', SERVICE_WORKER);

  return {
    url(path) {
      const url = urls.get(path);
      if (!url) throw new Error(`unknown asset ${path}`);
      return url;
    },
    script(entry) {
      const built = bundle.entries[entry];
      if (!built) throw new Error(`no bundle for script ${entry}`);
      return { src: `/assets/${built.file}`, preload: built.imports.map((path) => `/assets/${path}`) };
    },
    find: (urlPath) => served.get(urlPath),
    rootPaths,
    serviceWorker,
  };
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset | undefined): FastifyReply {
  if (!asset) throw new HttpError(404, '404 page not found');
  reply
    .header('cache-control', asset.cacheControl)
    .header('etag', asset.etag);
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  return reply.type(asset.type).send(asset.body);
}

/** Stylesheets, scripts and icons under /assets/, and the root-level icons. */
export const staticAssetRoutes: FastifyPluginAsync<{ assets: AssetCatalog }> = async (app, { assets }) => {
  app.get('/assets/*', async (request, reply) => send(request, reply, assets.find(request.url.split('?')[0]!)));
  for (const path of assets.rootPaths) {
    app.get(path, async (request, reply) => send(request, reply, assets.find(path)));
  }
  // At the root, so that its scope is the whole site.
  app.get('/sw.js', async (request, reply) => send(request, reply, assets.serviceWorker));
};
