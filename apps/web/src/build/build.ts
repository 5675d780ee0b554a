// Bundles the browser UI with esbuild into a directory the server serves: index.html, and under
// assets/ the script, the chunks it loads on demand (the query explorer's editor) and the
// stylesheet, with content hashes in their names (so they can be cached for a year) and a gzipped
// copy of each (so the server need not compress per request).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** apps/web, where index.html and src/ are. */
export const WEB_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where `npm run build:web` puts the UI and the server looks for it by default. */
export const DEFAULT_OUT_DIR = join(WEB_ROOT, 'dist');

/** Where index.html takes the built script and stylesheet. */
const ASSETS_MARKER = '<!-- saba:assets -->';

/** One built file and its sizes. */
export interface BuiltFile {
  /** The path the browser asks for, e.g. `/assets/main-4F2K7Q.js`. */
  readonly url: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** What a build wrote. */
export interface WebBuild {
  readonly outDir: string;
  /** The entry script index.html loads. */
  readonly js: BuiltFile;
  /** What a first visit downloads before it runs: the entry script and the chunks it imports statically. */
  readonly initialJs: { readonly bytes: number; readonly gzipBytes: number };
  /** The chunks loaded on demand, and the shared ones, by name. */
  readonly chunks: readonly BuiltFile[];
  readonly css: BuiltFile;
}

/**
 * Builds the UI into `outDir`: minified ES2020 with Preact's JSX, uPlot's stylesheet bundled with
 * the themes. Only index.html, favicon.svg and assets/ in `outDir` are replaced.
 */
export async function buildWeb(outDir: string = DEFAULT_OUT_DIR): Promise<WebBuild> {
  const assets = join(outDir, 'assets');
  await rm(assets, { recursive: true, force: true });
  await mkdir(assets, { recursive: true });
  const result = await build({
    absWorkingDir: WEB_ROOT,
    entryPoints: { main: 'src/main.tsx', styles: 'src/app/styles.css' },
    outdir: assets,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    // Code behind a dynamic import() (the PromQL editor) goes to chunks fetched when first used.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entryOf = (entry: string) => Object.keys(outputs).find((p) => outputs[p]?.entryPoint === entry);
  const jsOut = entryOf('src/main.tsx');
  const cssOut = Object.keys(outputs).find((p) => p.endsWith('.css'));
  if (jsOut === undefined || cssOut === undefined)
    throw new Error(`esbuild wrote no script or stylesheet: ${Object.keys(outputs).join(', ')}`);
  const built = new Map<string, BuiltFile>();
  for (const p of Object.keys(outputs)) {
    if (p.endsWith('.js') || p.endsWith('.css')) built.set(p, await compress(join(WEB_ROOT, p), outDir));
  }
  const js = built.get(jsOut) as BuiltFile;
  const css = built.get(cssOut) as BuiltFile;
  const initial = staticClosure(jsOut, (p) => outputs[p]?.imports ?? []).map((p) => built.get(p) as BuiltFile);
  const initialJs = {
    bytes: initial.reduce((n, f) => n + f.bytes, 0),
    gzipBytes: initial.reduce((n, f) => n + f.gzipBytes, 0),
  };
  const chunks = [...built.entries()].filter(([p]) => p.endsWith('.js') && p !== jsOut).map(([, f]) => f);
  const template = await readFile(join(WEB_ROOT, 'index.html'), 'utf8');
  if (!template.includes(ASSETS_MARKER)) throw new Error(`apps/web/index.html lacks ${ASSETS_MARKER}`);
  const tags = `<link rel="stylesheet" href="${css.url}" />\n    <script type="module" src="${js.url}"></script>`;
  await writeFile(join(outDir, 'index.html'), template.replace(ASSETS_MARKER, tags));
  await writeFile(join(outDir, 'favicon.svg'), await readFile(join(WEB_ROOT, 'src/app/favicon.svg')));
  return { outDir, js, initialJs, chunks, css };
}

/** `entry` and every output it imports statically, directly or through another. */
function staticClosure(
  entry: string,
  importsOf: (path: string) => ReadonlyArray<{ path: string; kind: string }>,
): string[] {
  const seen = new Set([entry]);
  for (const p of seen) {
    for (const i of importsOf(p)) if (i.kind === 'import-statement') seen.add(i.path);
  }
  return [...seen];
}

/** Writes `<file>.gz` beside the file (level 9: built once, served many times) and returns the sizes. */
async function compress(path: string, outDir: string): Promise<BuiltFile> {
  const body = await readFile(path);
  const gz = gzipSync(body, { level: 9 });
  await writeFile(`${path}.gz`, gz);
  return { url: `/${relative(outDir, path).split('\\').join('/')}`, bytes: body.length, gzipBytes: gz.length };
}

/** "123.4 KB" (1 KB = 1,000 bytes, as the size budget counts). */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** One line per built file with its size and gzipped size, and what a first visit downloads. */
export function describeBuild(b: WebBuild): string {
  const line = (name: string, bytes: number, gzipBytes: number) =>
    `${name.padEnd(28)} ${kb(bytes).padStart(10)}  ${kb(gzipBytes).padStart(9)} gzipped`;
  return [
    ...[b.js, ...b.chunks, b.css].map((f) => line(basename(f.url), f.bytes, f.gzipBytes)),
    line('first visit (script)', b.initialJs.bytes, b.initialJs.gzipBytes),
  ].join('\n');
}
