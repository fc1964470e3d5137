/**
 * Segments (spec §12), worked by hand: 100 requests in `eu` (all good), 100 in `us` (98 good) and 10
 * without a region (`(none)`, all good) in March; availability ≥ 99 %. `require: all` breaches on
 * `us`, `any` is met; each segment equals the objective filtered to it; a file without the column
 * puts every row in `(none)` (a data issue says so); more than 100 segments is a data issue and no
 * verdict; JSON Lines segment alike.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reportFiles } from '../../server/src/cli/report';
import { explainFile, explanationText } from '../../server/src/cli/explain';
import { explainWindow } from '../../server/src/service/explain';
import { explainTitle, explanationHtml, isExplainPanelMessage, restoredExplainParams } from '../../client/src/explainModel';
import { getLanguageService } from '../../server/src/service/languageService';
import { NodeMetricAccess } from '../../server/src/io/metricAccess';
import { objectiveStanding } from '../../server/src/service/standing';
import { complianceLenses } from '../../server/src/service/complianceLens';
import { parseSlaFile } from '../../server/src/service/parse';
import { segmentsValueText } from '../../server/src/engine/render/common';
import { renderText } from '../../server/src/engine/render/text';
import { renderHtml } from '../../server/src/engine/render/html';

let dir: string;
const row = (k: number, region: string, status: number) => `2026-03-01T00:${String(Math.floor(k / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}Z,${region},${status}`;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-sla-segments-'));
  const rows: string[] = [];
  for (let k = 0; k < 100; k++) rows.push(row(k, 'eu', 200));
  for (let k = 0; k < 100; k++) rows.push(row(k, 'us', k < 2 ? 500 : 200));
  for (let k = 0; k < 10; k++) rows.push(row(k, '', 200));
  writeFileSync(join(dir, 'req.csv'), `ts,region,status\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'req.jsonl'), rows.map((r) => { const [ts, region, status] = r.split(','); return JSON.stringify({ ts, ...(region ? { region } : {}), status: Number(status) }); }).join('\n') + '\n');
  writeFileSync(join(dir, 'many.csv'), `ts,region,status\n${Array.from({ length: 101 }, (_, k) => row(k, `r${k}`, 200)).join('\n')}\n`);
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const SLA = (metric: string, objective: string) => `apiVersion: modelsla/v1
kind: SLA
metadata: { name: seg, owner: t@example.com }
model: m
scope: internal
period: { start: 2026-01-01, end: 2026-12-31, timezone: UTC }
metrics:
  req: ${metric}
objectives:
  - id: availability
    indicator: availability
    metric: req
    method: request-based
    target: ">= 99%"
    window: { calendar: month }
${objective}`;
const CSV = '{ file: req.csv, timestamp: ts, good: "status < 500" }';

const march = async (text: string, name = 's.sla.yaml') => {
  writeFileSync(join(dir, name), text);
  const { reports, messages } = await reportFiles([name], { cwd: dir, asOf: Date.parse('2026-04-01T00:00:00Z') });
  assert.deepEqual(messages, []);
  const o = reports[0].objectives[0];
  return { report: reports[0], o, w: o.windows.find((x) => x.label === '2026-03')! };
};

test('require: all — us (98 %) misses: the window is breached, breachedSegments [us], the breach names the segment', async () => {
  const { report, o, w } = await march(SLA(CSV, '    segments: { by: region, require: all }\n'));
  assert.deepEqual(o.segments!.map((s) => [s.value, s.status, s.windows.at(-1)!.value, s.windows.at(-1)!.observations]), [['eu', 'met', 100, 100], ['us', 'breached', 98, 100], ['(none)', 'met', 100, 10]]);
  assert.equal(w.status, 'breached');
  assert.equal(w.value, null);
  assert.equal(w.observations, 210);
  assert.deepEqual(w.breachedSegments, ['us']);
  assert.deepEqual(report.breaches.filter((b) => b.window === '2026-03'), [{ objective: 'availability', window: '2026-03', segments: ['us'], value: '98% (us)' }]);
  assert.equal(o.segmentsBy, 'region');
});

test('require: any — eu meets: the window is met, us still listed as missed', async () => {
  const { w, report } = await march(SLA(CSV, '    segments: { by: region, require: any }\n'));
  assert.equal(w.status, 'met');
  assert.deepEqual(w.breachedSegments, ['us']);
  assert.equal(report.breaches.length, 0);
});

test('differential: each segment equals the objective filtered to it', async () => {
  const segmented = await march(SLA(CSV, '    segments: { by: region }\n'));
  for (const value of ['eu', 'us']) {
    const filtered = await march(SLA(`{ file: req.csv, timestamp: ts, good: "status < 500", filter: 'region == "${value}"' }`, ''), `f-${value}.sla.yaml`);
    const seg = segmented.o.segments!.find((s) => s.value === value)!.windows.find((x) => x.label === '2026-03')!;
    assert.deepEqual([seg.value, seg.observations, seg.status], [filtered.w.value, filtered.w.observations, filtered.w.status], value);
  }
});

test('JSON Lines: the same segments, a record without the key in (none)', async () => {
  const { o } = await march(SLA('{ file: req.jsonl, timestamp: ts, good: "status < 500" }', '    segments: { by: region }\n'), 'j.sla.yaml');
  assert.deepEqual(o.segments!.map((s) => [s.value, s.windows.at(-1)!.observations]), [['eu', 100], ['us', 100], ['(none)', 10]]);
});

test('a column the file lacks: every row in (none), a data issue says so', async () => {
  const { o, report } = await march(SLA(CSV, '    segments: { by: tenant }\n'), 'm.sla.yaml');
  assert.deepEqual(o.segments!.map((s) => [s.value, s.windows.at(-1)!.observations]), [['(none)', 210]]);
  assert.ok(report.dataIssues.some((d) => /column `tenant` \(`segments.by`\) is not in the file/.test(d.problem)), JSON.stringify(report.dataIssues));
  // The issue is about the metric as a whole: no line (not "0"), worded for a file and a Prometheus selector alike.
  assert.match(renderText([report]), /\(whole metric\): column `tenant`/);
  assert.match(renderHtml([report]), /<td>\(whole metric\)<\/td><td>column &#96;tenant/);
  // Not "1 of 1 tenants missed ((none))" (the walk-through's lens on a mistyped `by`).
  assert.match(segmentsValueText(o, o.windows.at(-1)!), /^no row has `tenant`: one segment(, missed)?$/);
  assert.equal(segmentsValueText({ segmentsBy: 'region', segments: [{ value: 'eu', windows: [{ label: 'w', status: 'met' }] }] }, { label: 'w' }), '1 region');
});

test('more than 100 segments: a data issue naming the count, no verdict', async () => {
  const { o, report } = await march(SLA('{ file: many.csv, timestamp: ts, good: "status < 500" }', '    segments: { by: region }\n'), 'c.sla.yaml');
  assert.equal(o.segments, undefined);
  assert.match(o.problem ?? '', /gives 101 segments; at most 100 are judged/);
  assert.equal(o.windows.find((x) => x.label === '2026-03')!.status, 'no-data');
  assert.ok(report.dataIssues.some((d) => /101 segments/.test(d.problem)));
});

test('completion of `segments.by` offers the columns of the objective\'s metric file (its header)', async () => {
  const service = getLanguageService({ metrics: new NodeMetricAccess(() => [dir]) });
  const text = SLA(CSV, '    segments: { by:  }\n');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('segments: { by:'));
  const list = await service.completeInWorkspace({ uri: pathToFileURL(join(dir, 'x.sla.yaml')).href, version: 1, getText: () => text }, { line, character: lines[line].indexOf('by:') + 4 });
  // The timestamp is no segment, and a column the metric reads (status, in `good`) comes after the others.
  assert.deepEqual(list.items.map((i) => i.label), ['region', 'status']);
});

test('the view and the code lens say which segments missed, not "no data"', async () => {
  const text = SLA(CSV, '    segments: { by: region, require: all }\n');
  const { report, o } = await march(text, 'v.sla.yaml');
  const standing = objectiveStanding({ id: 'availability' }, o, 10);
  assert.equal(standing.status, 'breached');
  assert.equal(standing.description, '1 of 3 regions missed (us)');
  assert.equal(standing.recent[0].value, '1 of 3 regions missed (us)');
  const lens = complianceLenses(parseSlaFile('file:///v.sla.yaml', 1, text), [report])[0].command!.title;
  assert.match(lens, /^✗ breached 1 of 1 window — 1 of 3 regions missed \(us\) \(2026-03\)$/);
});

test('explain a segment: its rows only, cited at their lines; without --segment the segments are listed', async () => {
  writeFileSync(join(dir, 'e.sla.yaml'), SLA(CSV, '    segments: { by: region }\n'));
  const us = await explainFile('e.sla.yaml', { objective: 'availability', window: '2026-03', segment: 'us', cwd: dir });
  assert.ok(us.ok, us.messages.join('\n'));
  assert.equal(us.explanation.segment, 'us');
  assert.deepEqual([us.explanation.good, us.explanation.total], [98, 100]);
  // us's rows are lines 102–201 of req.csv (the header, then eu's 100): its two 500s are its first two.
  assert.deepEqual(us.explanation.evidence.map((e) => e.line), [102, 103]);
  assert.match(explanationText(us.explanation), /segments by region in this window: eu met, us breached, \(none\) met/);
  const none = await explainFile('e.sla.yaml', { objective: 'availability', window: '2026-03', cwd: dir });
  assert.ok(!none.ok);
  assert.match(none.messages.join('\n'), /judged per region: explain one segment with --segment VALUE \(eu, us, \(none\)\)/);
});

test('explain from the editor (pickSegment): the window\'s segment that missed, the others listed to switch to', async () => {
  writeFileSync(join(dir, 'e.sla.yaml'), SLA(CSV, '    segments: { by: region }\n'));
  const file = parseSlaFile(pathToFileURL(join(dir, 'e.sla.yaml')).href, 1, SLA(CSV, '    segments: { by: region }\n'));
  const run = await explainWindow(file, new NodeMetricAccess(() => [dir]), { file: 'e.sla.yaml', objective: 'availability', window: 'latest', pickSegment: true });
  assert.ok(run.ok, run.ok ? '' : run.message);
  const x = run.explanation;
  assert.deepEqual([x.segment, x.window, x.good, x.total], ['us', '2026-03', 98, 100]);
  assert.equal(x.segmentsBy, 'region');
  assert.deepEqual(x.segments, [{ value: 'eu', status: 'met' }, { value: 'us', status: 'breached' }, { value: '(none)', status: 'met' }]);
  // The panel: the explained segment marked, the others links that post `segment` (and nothing else).
  const html = explanationHtml({ ...x, evidenceUris: [] }, { nonce: 'n', cspSource: 'c' });
  assert.match(html, /Segment by region:<\/span> <a href="#" class="segment" data-segment="eu" title="Explain the segment eu">eu<\/a> <span class="muted">\(met\)<\/span> · <strong class="segment status-breached" aria-current="true">us<\/strong> <span class="muted">\(breached\)<\/span> · <a href="#" class="segment" data-segment="\(none\)"/);
  assert.equal(explainTitle(x), 'Explain: availability [us] · 2026-03');
  assert.ok(isExplainPanelMessage({ type: 'segment', value: 'eu' }));
  assert.ok(!isExplainPanelMessage({ type: 'segment', value: 3 }));
  assert.deepEqual(restoredExplainParams({ uri: 'file:///e.sla.yaml', objective: 'availability', window: '2026-03', segment: 'eu' }), { uri: 'file:///e.sla.yaml', objective: 'availability', window: '2026-03', segment: 'eu' });
});

test('baselines per segment: each segment\'s own, and SLA110 names the segment the target cannot hold for', async () => {
  // A baseline over 1–2 March: eu 100 %, us 98 % (the same rows on both days below).
  const rows: string[] = [];
  for (const day of ['01', '02']) for (let k = 0; k < 100; k++) { rows.push(`2026-03-${day}T00:00:${String(k % 60).padStart(2, '0')}Z,eu,200`); rows.push(`2026-03-${day}T00:01:${String(k % 60).padStart(2, '0')}Z,us,${k < 2 ? 500 : 200}`); }
  writeFileSync(join(dir, 'base.csv'), `ts,region,status\n${rows.join('\n')}\n`);
  const text = SLA('{ file: base.csv, timestamp: ts, good: "status < 500" }', '    segments: { by: region }\n')
    .replace('period: {', 'baseline: { from: 2026-03-01, to: 2026-03-02, margin: 0% }\nperiod: {');
  const { o } = await march(text, 'b.sla.yaml');
  assert.deepEqual(o.segments!.map((s) => [s.value, s.baseline?.value, s.baseline?.stricter]), [['eu', 100, false], ['us', 98, true]]);
  const service = getLanguageService({ metrics: new NodeMetricAccess(() => [dir]) });
  const document = { uri: pathToFileURL(join(dir, 'b.sla.yaml')).href, version: 1, getText: () => text };
  await service.lintData(document);
  const found = service.validate(document);
  const sla110 = found.filter((d) => d.code === 'SLA110');
  assert.equal(sla110.length, 1, JSON.stringify(found.map((d) => d.code)));
  assert.match(String(sla110[0].message), /stricter than measured production in the segment `us` \(region\): .* gives 98%/);
});

test('segments of a Prometheus metric are by a label: a label name, not `le` or `__name__` (SLA002 at `by`)', () => {
  const of = (by: string) => {
    const text = SLA('{ prometheus: { server: local, total: "http_requests_total", bad: "http_requests_total{code=~\\"5..\\"}" } }', `    segments: { by: ${by} }\n`);
    const found = getLanguageService().validate({ uri: 'file:///p.sla.yaml', version: 1, getText: () => text }).filter((d) => d.code === 'SLA002');
    return { found, text };
  };
  assert.deepEqual(of('region').found, []);
  for (const [by, words] of [['le', /`le` is a histogram bucket's boundary/], ['__name__', /`__name__` is the metric name/], ['"model-version"', /`model-version` is not a Prometheus label name/]] as const) {
    const { found, text } = of(by);
    assert.equal(found.length, 1, `${by}: ${JSON.stringify(found)}`);
    assert.match(String(found[0].message), words);
    assert.equal(text.split('\n')[found[0].range.start.line].trim(), `segments: { by: ${by} }`);
  }
});

test('from the adversary: a value written "(none)" is not the rows without one; rows before the period make no segment', async () => {
  writeFileSync(join(dir, 'n.csv'), 'ts,region,status\n2026-03-01T00:00:00Z,(none),500\n2026-03-01T00:01:00Z,,200\n2026-03-01T00:02:00Z,us,200\n2025-06-01T00:00:00Z,old,200\n');
  const { o } = await march(SLA('{ file: n.csv, timestamp: ts, good: "status < 500" }', '    segments: { by: region }\n'), 'n.sla.yaml');
  assert.deepEqual(o.segments!.map((s) => [s.value, s.windows.find((w) => w.label === '2026-03')!.value]), [['"(none)"', 0], ['us', 100], ['(none)', 100]]);
  const explained = await explainFile('n.sla.yaml', { objective: 'availability', window: '2026-03', segment: '(none)', cwd: dir });
  assert.ok(explained.ok);
  assert.equal(explained.explanation.good, 1, 'the rows without a region');
});

test('from the adversary: check says what the report would: a missing segments.by column (SLA115), two by-columns on one metric (SLA002)', async () => {
  const service = getLanguageService({ metrics: new NodeMetricAccess(() => [dir]) });
  const missing = SLA(CSV, '    segments: { by: tenant }\n');
  const document = { uri: pathToFileURL(join(dir, 'miss.sla.yaml')).href, version: 1, getText: () => missing };
  await service.lintData(document);
  const sla115 = service.validate(document).filter((d) => d.code === 'SLA115');
  assert.equal(sla115.length, 1);
  assert.match(String(sla115[0].message), /column `tenant` \(`segments.by`\) is not in `req.csv` \(columns: ts, region, status\)/);
  const two = `${SLA(CSV, '    segments: { by: region }\n')}  - { id: second, indicator: availability, metric: req, method: request-based, target: ">= 99%", window: { calendar: month }, segments: { by: status } }\n`;
  const sla002 = service.validate({ uri: 'file:///two.sla.yaml', version: 1, getText: () => two }).filter((d) => d.code === 'SLA002');
  assert.equal(sla002.length, 1);
  assert.match(String(sla002[0].message), /metric `req` is segmented by `region` for objective `availability`: one `segments.by` column per metric/);
});

test('from the adversary: explain --segment on an objective without segments is refused', async () => {
  writeFileSync(join(dir, 'plain.sla.yaml'), SLA(CSV, ''));
  const run = await explainFile('plain.sla.yaml', { objective: 'availability', window: '2026-03', segment: 'us', cwd: dir });
  assert.ok(!run.ok);
  assert.match(run.messages.join('\n'), /not judged per segment: leave --segment out/);
});

test('JSON Lines: a segment value is its text as written (1 and "1" one segment, 1.0 another); an array or object is (none) with a data issue', async () => {
  writeFileSync(join(dir, 'k.jsonl'), [
    '{"ts":"2026-03-01T00:00:00Z","status":200,"v":1}',
    '{"ts":"2026-03-01T00:01:00Z","status":200,"v":"1"}',
    '{"ts":"2026-03-01T00:02:00Z","status":500,"v":1.0}',
    '{"ts":"2026-03-01T00:03:00Z","status":200,"v":[1]}',
  ].join('\n') + '\n');
  const { o, report } = await march(SLA('{ file: k.jsonl, timestamp: ts, good: "status < 500" }', '    segments: { by: v }\n'), 'k.sla.yaml');
  assert.deepEqual(o.segments!.map((s) => [s.value, s.windows.find((w) => w.label === '2026-03')!.observations]), [['1', 2], ['1.0', 1], ['(none)', 1]]);
  assert.ok(report.dataIssues.some((d) => d.line === 4 && /1 record \(first on line 4\) has an array or an object in `v`/.test(d.problem)), JSON.stringify(report.dataIssues));
});
