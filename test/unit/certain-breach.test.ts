/**
 * A partial window whose breach more data cannot undo (accuracy with `aggregate: every` or `min`: a
 * failed run stays in the window) is breached for certain — final, and obliging, at its end — and
 * says so: the report window (`certain`), the code lens, the notice's reason and the preview. A
 * `mean` can still recover: that partial window stays "at risk". Weekly runs in November 2026, the
 * report's asOf 18 Nov: runs on 2 Nov (0.85), 9 Nov (0.70, below 0.80), 16 Nov (0.90).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFiles } from '../../server/src/cli/report';
import { noticeFile } from '../../server/src/cli/notice';
import { complianceLenses } from '../../server/src/service/complianceLens';
import { parseSlaFile } from '../../server/src/service/parse';
import { obligationWindows, reportOf } from '../../client/src/preview/webview/model';
import type { SlaReport } from '../../server/src/engine/reportTypes';

let dir: string;
const asOf = Date.parse('2026-11-18T00:00:00Z');
const SLA = (aggregate: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: acc, owner: t@example.com }
model: m
scope: external
parties: { provider: ML Platform, consumer: Retention Analytics }
period: { start: 2026-10-01, end: 2026-12-31, timezone: UTC }
metrics:
  eval: { file: eval.csv, timestamp: evaluated_at, value: f1, samples: n_labeled, dataset: dataset }
breach:
  external:
    serviceCredits: [{ objective: f1, tiers: [{ below: 80%, credit: 10% }] }]
    remediation: { deadline: 14d }
    communication: [account-executive]
  escalation: [{ after: 1h, notify: on-call }]
objectives:
  - id: f1
    indicator: accuracy
    metric: eval
    measure: f1
    target: ">= 0.80"
    window: { calendar: month }
    evaluation: { cadence: weekly, dataset: holdout, minSamples: 100, aggregate: ${aggregate}, labelDelay: 0d }
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-certain-'));
  const runs = [['2026-10-05', 0.9], ['2026-10-12', 0.9], ['2026-10-19', 0.9], ['2026-10-26', 0.9], ['2026-11-02', 0.85], ['2026-11-09', 0.7], ['2026-11-16', 0.9]];
  writeFileSync(join(dir, 'eval.csv'), 'evaluated_at,dataset,n_labeled,f1\n' + runs.map(([d, f]) => `${d}T06:00:00Z,holdout,500,${f}`).join('\n') + '\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function report(text: string): Promise<SlaReport> {
  writeFileSync(join(dir, 'acc.sla.yaml'), text);
  const run = await reportFiles(['acc.sla.yaml'], { cwd: dir, asOf });
  assert.equal(run.reports.length, 1, run.messages.join('\n'));
  return run.reports[0];
}

test('every: one failed run makes the partial month a certain breach, said as such everywhere', async () => {
  const r = await report(SLA('every'));
  const november = r.objectives[0].windows.find((w) => w.label === '2026-11')!;
  assert.deepEqual([november.partial, november.status, november.certain], [true, 'breached', true]);
  assert.equal(r.obligations.filter((o) => o.window === '2026-11').length, 0, 'nothing is owed before the window ends');
  const lens = complianceLenses(parseSlaFile('file:///acc.sla.yaml', 1, SLA('every')), [r])[0].command!.title;
  assert.match(lens, /^✗ breached, final at window end — /);
  const notice = await noticeFile('acc.sla.yaml', { window: '2026-11', cwd: dir, asOf });
  assert.ok(!notice.ok);
  assert.match(notice.messages[0], /f1 2026-11 is breached for certain \(a failed run stays\), final when the window ends: nothing owed yet/);
  const view = reportOf(JSON.parse(JSON.stringify(r)))!;
  const [first] = obligationWindows(view, view.objectives[0]);
  assert.deepEqual([first.window, first.atRisk, first.certain, first.ends], ['2026-11', true, true, '1 Dec 00:00']);
});

test('mean: the same runs can still average above the target: the partial month stays at risk', async () => {
  const r = await report(SLA('mean').replace('target: ">= 0.80"', 'target: ">= 0.83"'));
  const november = r.objectives[0].windows.find((w) => w.label === '2026-11')!;
  assert.deepEqual([november.partial, november.status, november.certain], [true, 'breached', undefined]);
  const lens = complianceLenses(parseSlaFile('file:///acc.sla.yaml', 1, SLA('mean')), [r])[0].command!.title;
  assert.match(lens, /^✗ at risk — /);
});
