import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// src/ runs from the project root under tsx and from dist/src/ once built; the
// root is the nearest folder above with a package.json (a few levels at most).
const MAX_LEVELS = 6;

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the project root (no package.json above the code)');
}

/** The project folder: migrations/ and views/ live here, in development and in production. */
export const PROJECT_ROOT = findRoot();
