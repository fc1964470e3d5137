/**
 * Builds the compliance preview webview bundle (client/src/preview/webview/main.ts → preview.js and,
 * through its CSS import, preview.css) into a directory, with the options esbuild.mjs uses for dist/, and
 * writes a plain page that shows a report with the same bundle (used by test/browser/*.test.ts).
 */
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

export function buildPreview(outdir: string = mkdtempSync(join(tmpdir(), 'model-sla-preview-')), minify = false): { dir: string; js: string; css: string } {
  const webview = join(repoRoot, 'client', 'src', 'preview', 'webview');
  // One entry, as in esbuild.mjs: main.ts imports preview.css, so preview.css is emitted beside preview.js.
  buildSync({
    entryPoints: { preview: join(webview, 'main.ts') }, bundle: true, format: 'iife', platform: 'browser', target: 'es2022',
    outdir, loader: { '.css': 'css' }, logLevel: 'warning', absWorkingDir: repoRoot, minify,
  });
  return { dir: outdir, js: join(outdir, 'preview.js'), css: join(outdir, 'preview.css') };
}

/** JSON safe inside an inline <script> (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface PageOptions {
  nonce: string;
  /** The initial `update` message (window.__MODEL_SLA_INITIAL__). */
  initial?: unknown;
  /** Extra script run before the bundle (e.g. an acquireVsCodeApi stub). */
  prelude?: string;
  /** Extra CSP sources for styles (e.g. the server origin). */
  styleSrc?: string;
  bodyClass?: string;
}

/** A plain page with a strict CSP: scripts by nonce only, styles from the given origin, no inline anything else. */
export function previewPage(o: PageOptions): string {
  const csp = `default-src 'none'; script-src 'nonce-${o.nonce}'; style-src ${o.styleSrc ?? "'self'"}; img-src data:; font-src 'none'`;
  const initial = o.initial === undefined ? '' : `window.__MODEL_SLA_INITIAL__ = ${scriptJson(o.initial)};`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Model SLA compliance</title>
<link rel="stylesheet" href="preview.css">
</head>
<body class="${o.bodyClass ?? 'vscode-light'}">
<div id="root"></div>
<script nonce="${o.nonce}">${o.prelude ?? ''}
${initial}</script>
<script nonce="${o.nonce}" src="preview.js"></script>
</body>
</html>
`;
}
