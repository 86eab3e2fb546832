import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleScripts, type ScriptBundle } from './bundle-scripts.js';

/** Where `npm run build` leaves the bundles, under the project root. */
export const BUILT_BUNDLE = join('dist', 'script-bundle.json');

/**
 * The page scripts the server hands out. Compiled code (`npm run build`, the
 * image) reads the bundles that build made, so production needs no bundler;
 * code run from source (`npm run dev`, the tests under tsx) bundles them afresh
 * as it starts, so they can never be stale.
 */
export function loadScriptBundle(projectRoot: string): ScriptBundle {
  const assetsDir = join(projectRoot, 'views', 'assets');
  if (!import.meta.url.endsWith('.js')) return bundleScripts(assetsDir);
  const built = join(projectRoot, BUILT_BUNDLE);
  if (!existsSync(built)) throw new Error(`no ${BUILT_BUNDLE}: run \`npm run build\``);
  return JSON.parse(readFileSync(built, 'utf8')) as ScriptBundle;
}
