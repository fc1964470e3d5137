// One build script, three bundles: the VS Code client (vscode external), the language server and
// the CLI (both plain Node). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The preview's webview content: a browser bundle (and its CSS), loaded from dist/ by the panel.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { preview: 'client/src/preview/webview/main.ts' },
    outdir: 'dist',
    loader: { '.css': 'css' },
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('[esbuild] watching client, server and cli');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[esbuild] built client, server and cli in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
