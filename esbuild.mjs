// One build script, three bundles: the VS Code client (vscode external), the language server and
// the CLI (both plain Node). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * yaml 2.x reads `process.env.LOG_TOKENS` once per token in its parser (and `LOG_STREAM` per
 * document in its composer). In Node every `process.env` read is a call into the environment, and
 * on a 1 MB SLA file that alone was ~25% of the parse (profiled: 370 → 277 ms). Both are debugging
 * switches, so the bundles compile them to `false`. The build fails if the pattern disappears, so
 * a yaml upgrade cannot silently drop the patch.
 */
const yamlDebugSwitches = {
  name: 'yaml-debug-switches',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      const patched = source.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'false');
      if (patched === source) return { errors: [{ text: `yaml-debug-switches: no process.env.LOG_* read found in ${args.path}; check the yaml upgrade` }] };
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * The preview's webview runs in a browser sandbox: a value import of Node or of the LSP packages in
 * its graph would bundle code that cannot run there (or silently pull jsonrpc into the page). The
 * webview takes only types from server/src/protocol/ (`import type`, erased before bundling), so
 * any such import that reaches the bundler is a mistake: the build fails and names the importer.
 */
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]));
export const webviewOnlyBrowserImports = {
  name: 'webview-only-browser-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const path = args.path;
      const refused = path.startsWith('node:') || nodeBuiltins.has(path.split('/')[0])
        || path === 'vscode' || /^vscode-(languageserver|languageclient|jsonrpc)([-/]|$)/.test(path);
      if (!refused) return undefined;
      return { errors: [{ text: `webview bundle: \`${path}\` (imported by ${args.importer || 'the entry'}) is a Node, VS Code or LSP module; the webview may import only types from it (\`import type\`)` }] };
    });
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [yamlDebugSwitches] },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [yamlDebugSwitches] },
  // Reads one byte range of a large metric file on a worker thread (server/src/io/sources/parallelRead.ts).
  { ...common, entryPoints: ['server/src/io/sources/metricWorker.ts'], outfile: 'dist/metricWorker.js' },
  // The preview's webview content: a browser bundle (and its CSS), loaded from dist/ by the panel.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { preview: 'client/src/preview/webview/main.ts' },
    outdir: 'dist',
    loader: { '.css': 'css' },
    plugins: [webviewOnlyBrowserImports],
  },
];

// Imported (by the tests, for the plugin above): build nothing.
const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (isMain) {
  // The bundled schema's validators, compiled ahead of time (server/src/service/schemaValidators.ts):
  // rewritten when schemas/sla.schema.json changed (under --watch, rerun the build after a schema edit).
  const generated = spawnSync(process.execPath, ['--import', 'tsx', 'schemas/generate-validators.ts'], { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: 'inherit' });
  if (generated.status !== 0) process.exit(generated.status ?? 1);
}

if (!isMain) {
  // nothing to do
} else if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('[esbuild] watching client, server and cli');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[esbuild] built client, server and cli in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
