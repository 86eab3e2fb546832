import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { BuildOptions, Metafile, OutputFile } from 'esbuild';

/** One page's script as the browser gets it. */
export interface BundledScript {
  /** The bundle's path under the assets, e.g. `js/pages/upload.4KX2Q7ZB.js`. */
  file: string;
  /** Shared chunks it imports statically: preloaded along with it. */
  imports: string[];
}

/** The bundles of every page: the output files and, per source entry, what to link. */
export interface ScriptBundle {
  /** Every output file by its path under the assets (entries and chunks). */
  files: Record<string, string>;
  /** By source path, e.g. `js/pages/upload.js`. */
  entries: Record<string, BundledScript>;
}

/** The source entries: the layout's script and one per page. */
export function scriptEntries(assetsDir: string): string[] {
  const pages = readdirSync(join(assetsDir, 'js', 'pages')).filter((name) => name.endsWith('.js')).sort();
  return ['js/site.js', ...pages.map((name) => `js/pages/${name}`)];
}

function options(assetsDir: string): BuildOptions & { metafile: true } {
  return {
    absWorkingDir: assetsDir,
    entryPoints: scriptEntries(assetsDir),
    inject: ['js/site.js'],
    outdir: assetsDir,
    outbase: assetsDir,
    bundle: true,
    // Shared modules and what pages import dynamically (the QR encoder, needed
    // only once there is a link to show) become chunks of their own.
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    entryNames: '[dir]/[name].[hash]',
    chunkNames: 'js/chunks/[name].[hash]',
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

const toPosix = (path: string): string => path.split(sep).join('/');

function collect(assetsDir: string, outputFiles: OutputFile[], metafile: Metafile): ScriptBundle {
  const files: Record<string, string> = {};
  for (const output of outputFiles) files[toPosix(relative(assetsDir, output.path))] = output.text;
  const entries: Record<string, BundledScript> = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const imports = output.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => toPosix(i.path));
    entries[toPosix(output.entryPoint)] = { file: toPosix(file), imports };
  }
  return { files, entries };
}

// The sources do not change while a process runs, and a test file builds the
// app dozens of times: bundling once per process keeps each build instant.
const built = new Map<string, ScriptBundle>();

/**
 * Bundles the browser scripts under `assetsDir` with esbuild: one minified file
 * per entry, named by a hash of its content, so pages load one script and what
 * it shares with others instead of a chain of modules (issue 14). Synchronous,
 * so the app can bundle as it is built when it runs from source; esbuild is a
 * development dependency, loaded only here.
 */
export function bundleScripts(assetsDir: string): ScriptBundle {
  const cached = built.get(assetsDir);
  if (cached) return cached;
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync(options(assetsDir));
  const bundle = collect(assetsDir, result.outputFiles ?? [], result.metafile);
  built.set(assetsDir, bundle);
  return bundle;
}
