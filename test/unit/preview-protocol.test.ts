/**
 * The shared protocol (server/src/protocol/): the extension's validators of what the webview posts,
 * the custom methods the server registers (and that no other file spells them), the credit tier
 * table the report builder now makes, the webview bundle's refusal of Node and LSP imports, and the
 * engine's real reports (with the preview's series) through the webview's validator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { Connection } from 'vscode-languageserver';
import {
  CUSTOM_METHODS, ComplianceHtmlRequest, ComplianceRequest, NewSlaTemplateRequest, ProgressNotification, TrustNotification,
} from '../../server/src/protocol/requests';
import {
  asOfInstant, isAsOfMessage, isReadyMessage, isRevealMessage, isRevealMetricLineMessage, restoredPanelState,
} from '../../server/src/protocol/webviewMessages';
import type { PreviewReport } from '../../server/src/protocol/previewReport';
import { startServer } from '../../server/src/lsp/startServer';
import { buildReport } from '../../server/src/engine/report';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { reportOf } from '../../client/src/preview/webview/model';

const repoRoot = join(__dirname, '..', '..');

test('webview → extension validators accept well-formed messages and reject the rest', () => {
  assert.equal(isReadyMessage({ type: 'ready' }), true);
  assert.equal(isReadyMessage({ type: 'reveal' }), false);

  assert.equal(isRevealMessage({ type: 'reveal', uri: 'file:///a.sla.yaml', objectiveId: 'availability' }), true);
  assert.equal(isRevealMessage({ type: 'reveal', objectiveId: 'availability', windowLabel: '2026-09' }), true);
  assert.equal(isRevealMessage({ type: 'reveal', objectiveId: 'a', windowLabel: 7 }), false);
  assert.equal(isRevealMessage({ type: 'reveal', objectiveId: 'x'.repeat(256) }), false);
  assert.equal(isRevealMessage({ type: 'reveal' }), false);
  assert.equal(isRevealMessage(['reveal']), false);

  assert.equal(isRevealMetricLineMessage({ type: 'revealMetricLine', metric: 'requests', line: 12 }), true);
  for (const line of [0, -1, 1.5, '12', Number.NaN]) assert.equal(isRevealMetricLineMessage({ type: 'revealMetricLine', metric: 'requests', line }), false, String(line));
  assert.equal(isRevealMetricLineMessage({ type: 'revealMetricLine', metric: 3, line: 1 }), false);

  assert.equal(isAsOfMessage({ type: 'asOf', value: null }), true);
  assert.equal(isAsOfMessage({ type: 'asOf', value: '2026-09-30T12:00' }), true);
  assert.equal(isAsOfMessage({ type: 'asOf', value: '' }), true);
  assert.equal(isAsOfMessage({ type: 'asOf', value: 'yesterday' }), false);
  assert.equal(isAsOfMessage({ type: 'asOf', value: `2026-09-30T12:00${' '.repeat(64)}` }), false);
  assert.equal(isAsOfMessage({ type: 'asOf' }), false);

  // The as-of control is labelled UTC: a wall time without offset is UTC.
  assert.equal(asOfInstant('2026-09-30T12:00'), '2026-09-30T12:00:00.000Z');
  assert.equal(asOfInstant('2026-09-30T12:00+02:00'), '2026-09-30T10:00:00.000Z');
  assert.equal(asOfInstant('soon'), undefined);

  assert.deepEqual(restoredPanelState({ uri: 'file:///w/a.sla.yaml', asOf: '2026-09-30T12:00', scrollY: 10 }), { uri: 'file:///w/a.sla.yaml', locked: false, asOf: '2026-09-30T12:00:00.000Z' });
  assert.deepEqual(restoredPanelState({ uri: 'file:///w/a.sla.yaml', asOf: '', locked: true }), { uri: 'file:///w/a.sla.yaml', locked: true });
  for (const saved of [undefined, null, {}, { uri: '' }, { uri: 'no-scheme' }, { uri: 7 }, { uri: `file:///${'a'.repeat(5000)}` }]) {
    assert.equal(restoredPanelState(saved), undefined, JSON.stringify(saved)?.slice(0, 40));
  }
});

/** A stand-in connection: every member is a callable that records `onRequest`/`onNotification` registrations. */
function recordingConnection(): { connection: Connection; requests: string[]; notifications: string[] } {
  const requests: string[] = [];
  const notifications: string[] = [];
  const methodOf = (x: unknown) => (typeof x === 'string' ? x : (x as { method?: string } | undefined)?.method ?? '');
  const node = (path: string): unknown => new Proxy(function () { /* stand-in */ }, {
    get: (_t, key) => (key === 'then' ? undefined : node(`${path}.${String(key)}`)),
    apply: (_t, _this, args: unknown[]) => {
      if (path === '.onRequest') requests.push(methodOf(args[0]));
      if (path === '.onNotification') notifications.push(methodOf(args[0]));
      return { dispose: () => undefined };
    },
  });
  return { connection: node('') as Connection, requests, notifications };
}

test('the server registers every custom method under the protocol\'s names, and no other source spells them', () => {
  assert.equal(ComplianceRequest.type.method, ComplianceRequest.method);
  assert.equal(ComplianceHtmlRequest.type.method, ComplianceHtmlRequest.method);
  assert.equal(NewSlaTemplateRequest.type.method, NewSlaTemplateRequest.method);
  assert.equal(ProgressNotification.type.method, ProgressNotification.method);
  assert.equal(TrustNotification.type.method, TrustNotification.method);
  // The names existing clients and tests speak (test/protocol/ sends these strings over stdio).
  assert.deepEqual([...CUSTOM_METHODS], ['modelSla/compliance', 'modelSla/complianceHtml', 'modelSla/newSlaTemplate', 'modelSla/serverNames', 'modelSla/generate', 'modelSla/importOpenSlo', 'modelSla/progress', 'modelSla/trust', 'modelSla/standing', 'modelSla/standingChanged', 'modelSla/explain', 'modelSla/notice']);

  const { connection, requests, notifications } = recordingConnection();
  startServer(connection);
  for (const r of [ComplianceRequest, ComplianceHtmlRequest, NewSlaTemplateRequest]) assert.ok(requests.includes(r.method), `${r.method} registered (${requests.join(', ')})`);
  assert.ok(notifications.includes(TrustNotification.method), `${TrustNotification.method} registered (${notifications.join(', ')})`);
  // The progress notification goes the other way: the server sends it, the client listens.

  // Every custom method name is written once in code: in protocol/requests.ts (comments may name them).
  const code = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
  const spelled: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && /['"`]modelSla\/\w+/.test(code(readFileSync(path, 'utf8')))) spelled.push(relative(repoRoot, path));
    }
  };
  walk(join(repoRoot, 'server', 'src'));
  walk(join(repoRoot, 'client', 'src'));
  assert.deepEqual(spelled, [join('server', 'src', 'protocol', 'requests.ts')]);
});

test('the report builder makes each objective\'s credit tier table (first serviceCredits entry, as written)', () => {
  const report = buildReport({
    metadata: { name: 'tiers' }, period: { start: '2026-03-01', end: '2026-03-31' },
    metrics: { requests: { file: 'x.csv', timestamp: 't', total: 'n', goodCount: 'ok' } },
    objectives: [
      { id: 'availability', indicator: 'availability', metric: 'requests', target: '>= 99.9%', window: { calendar: 'month' } },
      { id: 'other', indicator: 'availability', metric: 'requests', target: '>= 99%', window: { calendar: 'month' } },
    ],
    breach: { external: { serviceCredits: [
      { objective: 'availability', tiers: [{ below: '99.9%', credit: '10%' }, { below: 99, credit: 25 }, { below: {}, credit: '50%' }, 'x'] },
      { objective: 'availability', tiers: [{ below: '90%', credit: '100%' }] },
    ] } },
  }, { file: 'tiers.sla.yaml', metrics: {}, now: Date.parse('2026-04-01T00:00:00Z') });
  assert.deepEqual(report.objectives[0].creditTiers, [{ below: '99.9%', credit: '10%' }, { below: '99', credit: '25' }]);
  assert.equal(report.objectives[1].creditTiers, undefined);
  assert.ok(!('creditTiers' in report.objectives[1]));
  // Last key of the objective, where the server used to add it: the JSON output keeps its order.
  assert.equal(Object.keys(report.objectives[0]).at(-1), 'creditTiers');
});

test('the webview bundle refuses Node, VS Code and LSP value imports, and takes protocol types freely', async () => {
  const { webviewOnlyBrowserImports } = await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href) as { webviewOnlyBrowserImports: esbuild.Plugin };
  const dir = mkdtempSync(join(tmpdir(), 'model-sla-webview-imports-'));
  try {
    const bundle = async (source: string) => {
      const entry = join(dir, `entry-${Math.random().toString(36).slice(2)}.ts`);
      writeFileSync(entry, source);
      try {
        await esbuild.build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'iife', logLevel: 'silent', absWorkingDir: repoRoot, plugins: [webviewOnlyBrowserImports] });
        return 'built';
      } catch (error) {
        return (error as { errors?: { text: string }[] }).errors?.map((e) => e.text).join('\n') ?? String(error);
      }
    };
    const protocol = join(repoRoot, 'server', 'src', 'protocol').replace(/\\/g, '/');
    assert.equal(await bundle(`import type { ComplianceResult } from '${protocol}/previewReport';\nimport type { ComplianceRequest } from '${protocol}/requests';\nexport const x: ComplianceResult | undefined = undefined; export type R = typeof ComplianceRequest;`), 'built');
    for (const module of ['node:fs', 'fs', 'path', 'vscode', 'vscode-languageserver', 'vscode-languageserver-protocol', 'vscode-jsonrpc', 'vscode-jsonrpc/browser', 'vscode-languageclient/node']) {
      assert.match(await bundle(`import * as m from '${module}';\nconsole.log(m);`), /webview bundle: `.*` \(imported by .*\) is a Node, VS Code or LSP module/, module);
    }
    // A value import of the request types pulls jsonrpc in: refused, naming the protocol file.
    assert.match(await bundle(`import { ComplianceRequest } from '${protocol}/requests';\nconsole.log(ComplianceRequest);`), /`vscode-languageserver-protocol` \(imported by .*requests\.ts\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Report fields the preview does not show (the webview drops them on purpose). */
const NOT_SHOWN = {
  report: [] as string[],
  objective: ['windowsDropped'],
  window: ['slices', 'defaults', 'otherDataset'],
  baseline: ['from', 'to', 'field'],
};

/** The keys of `raw` that its validated copy lacks or holds differently (`where` names the place). */
function lost(raw: Record<string, unknown>, view: Record<string, unknown>, notShown: string[], where: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (notShown.includes(key) || value === undefined) continue;
    if (!(key in view)) out.push(`${where}.${key} dropped`);
    else if (typeof value !== 'object' && view[key] !== value) out.push(`${where}.${key} changed`);
  }
  return out;
}

test('the engine\'s reports (with the preview\'s series) pass the webview\'s validator with every shown field', async () => {
  const examples = join(repoRoot, 'examples');
  const service = getLanguageService({ metrics: new NodeMetricAccess(() => [examples], 64) });
  let series = 0, tiers = 0, windows = 0;
  for (const name of readdirSync(examples).filter((n) => n.endsWith('.sla.yaml')).sort()) {
    const uri = pathToFileURL(join(examples, name)).href;
    const text = readFileSync(join(examples, name), 'utf8');
    const reports: PreviewReport[] = await service.compliance({ uri, version: 1, getText: () => text }, { file: name });
    const raw = JSON.parse(JSON.stringify(reports)) as Record<string, unknown>[];
    for (const [i, r] of raw.entries()) {
      const view = reportOf(r);
      assert.ok(view, `${name} #${i}: a report`);
      const problems = lost(r, view as unknown as Record<string, unknown>, NOT_SHOWN.report, `${name}#${i}`);
      assert.deepEqual(view.credits, r.credits);
      assert.deepEqual(view.breaches, r.breaches);
      assert.deepEqual(view.dataIssues, r.dataIssues);
      assert.deepEqual(view.dataIssueCounts, r.dataIssueCounts);
      const objectives = r.objectives as Record<string, unknown>[];
      assert.equal(view.objectives.length, objectives.length);
      for (const [j, o] of objectives.entries()) {
        const v = view.objectives[j] as unknown as Record<string, unknown> & typeof view.objectives[number];
        const at = `${name}#${i}.${String(o.id)}`;
        problems.push(...lost(o, v, NOT_SHOWN.objective, at));
        if (o.baseline) problems.push(...lost(o.baseline as Record<string, unknown>, v.baseline as unknown as Record<string, unknown>, NOT_SHOWN.baseline, `${at}.baseline`));
        if (o.series) { series++; assert.deepEqual(v.series, o.series, `${at}.series`); }
        if (o.creditTiers) { tiers++; assert.deepEqual(v.creditTiers, o.creditTiers, `${at}.creditTiers`); }
        if (o.repeated) assert.deepEqual(v.repeated, o.repeated);
        for (const [k, w] of (o.windows as Record<string, unknown>[]).entries()) {
          windows++;
          problems.push(...lost(w, v.windows[k] as unknown as Record<string, unknown>, NOT_SHOWN.window, `${at}.${String(w.label)}`));
          if (w.errorBudget) assert.deepEqual(v.windows[k].errorBudget, w.errorBudget);
        }
      }
      assert.deepEqual(problems, [], `${name} #${i}: fields of the engine's report the webview's validator lost`);
    }
  }
  assert.ok(series > 0 && tiers > 0 && windows > 10, `the examples exercise series (${series}), tier tables (${tiers}) and windows (${windows})`);
});
