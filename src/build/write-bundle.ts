// `npm run build` runs this after tsc: bundles the page scripts into
// dist/script-bundle.json, which the compiled server reads at start.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { bundleScripts } from './bundle-scripts.js';
import { BUILT_BUNDLE } from './script-bundle.js';

const bundle = bundleScripts(join(PROJECT_ROOT, 'views', 'assets'));
const out = join(PROJECT_ROOT, BUILT_BUNDLE);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(bundle));
const bytes = Object.values(bundle.files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
process.stdout.write(`bundled ${Object.keys(bundle.entries).length} page scripts into ${BUILT_BUNDLE} (${bytes} bytes)\n`);
