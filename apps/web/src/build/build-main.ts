// `npm run build:web`: builds the UI into apps/web/dist (or the directory given) and prints the
// sizes of what the browser downloads; the script a first visit loads has a budget of 300 KB gzipped.
import { buildWeb, DEFAULT_OUT_DIR, describeBuild, kb } from './build.ts';

/** The gzipped JavaScript a page may ship (issue 7). */
const JS_BUDGET_GZIP_BYTES = 300_000;

const started = performance.now();
const b = await buildWeb(process.argv[2] ?? DEFAULT_OUT_DIR);
console.log(`web UI built into ${b.outDir} in ${Math.round(performance.now() - started)} ms\n${describeBuild(b)}`);
if (b.initialJs.gzipBytes > JS_BUDGET_GZIP_BYTES) {
  console.error(
    `the first visit's script is ${kb(b.initialJs.gzipBytes)} gzipped, over the ${kb(JS_BUDGET_GZIP_BYTES)} budget`,
  );
  process.exitCode = 1;
}
