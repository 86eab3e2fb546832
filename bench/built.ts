import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

// tsc writes src/ to dist/src/ when the build's rootDir is the project (so that
// views/ compile too) and to dist/ when it is src/; the bench runs either.
const BUILD_DIRS = ['dist/src', 'dist'];

/** The compiled file for a path under src/, e.g. 'store/database.js'. */
export function builtFile(pathUnderSrc: string): string {
  for (const dir of BUILD_DIRS) {
    const path = join(PROJECT_ROOT, dir, pathUnderSrc);
    if (existsSync(path)) return path;
  }
  throw new Error(`no built ${pathUnderSrc} under ${BUILD_DIRS.join(' or ')}: did \`npm run build\` run?`);
}
