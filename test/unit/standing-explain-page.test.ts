/**
 * The explanation panel's page (client/src/explainModel.ts), without VS Code: an ExplainResult as
 * HTML — value and verdict, the counts, the rank and method, good of total, bad slices, accuracy
 * runs with why a run did not count, evidence rows linked only where the server resolved a
 * workspace file; every string from the SLA or the data escaped; a strict CSP with one nonce; the
 * messages the page may post, validated; and the preview's "Explain" message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evidencePlace, explainTitle, explanationHtml, isExplainPanelMessage, pendingHtml, restoredExplainParams, valueText, type ExplanationData,
} from '../../client/src/explainModel';
import { isExplainWindowMessage } from '../../server/src/protocol/webviewMessages';

const options = { nonce: 'N0NCE', cspSource: 'vscode-webview://x' };

const base = {
  sla: 'churn-external', indicator: 'latency', target: '<= 400ms', window: '2026-10',
  start: '2026-09-30T22:00:00.000Z', end: '2026-10-31T23:00:00.000Z', partial: true, asOf: '2026-10-15T23:57:19.001Z', excluded: 0,
  timezone: 'Europe/Berlin',
};

const percentile: ExplanationData = {
  ...base, objective: 'latency-p99', value: 237.2, unit: 'ms', status: 'met', observations: 10252, method: 'nearest-rank', rank: 10150,
  evidence: [{ metric: 'latency', file: 'metrics/churn-latency.csv', line: 45452, timestamp: '2026-10-08T14:46:19.000Z', value: 237.2, unit: 'ms' }],
  evidenceUris: ['file:///ws/metrics/churn-latency.csv'],
};

/** The links of a page: kind and index. */
const links = (html: string) => [...html.matchAll(/<a href="#" data-kind="(\w+)" data-index="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);

describe('the explanation page', () => {
  test('a percentile: value, verdict, target, the counts, the rank, and the observation at the rank as a link', () => {
    const html = explanationHtml(percentile, options);
    assert.match(html, /<strong class="value">237\.2ms<\/strong> <span class="badge status-met">met so far<\/span> <span class="muted">target &lt;= 400ms<\/span>/);
    // In the SLA's zone, as the CLI's report writes instants; the exact interval in the tooltip.
    assert.match(html, /<span title="2026-10: \[2026-09-30T22:00:00\.000Z, 2026-10-31T23:00:00\.000Z\)">window 2026-10 \(1 Oct 00:00 – 1 Nov 00:00 Europe\/Berlin\)<\/span> · partial, as of 2026-10-16 01:57 Europe\/Berlin \(2026-10-15 23:57 UTC\)/);
    assert.match(html, /<dt>Observations<\/dt><dd>10,252 counted, 0 excluded<\/dd>/);
    assert.match(html, /nearest-rank: the value is observation 10,150 of 10,252 in ascending order/);
    assert.match(html, /Evidence <span class="muted">\(the observation at the rank\)<\/span>/);
    assert.deepEqual(links(html), ['evidence:0']);
    assert.match(html, />metrics\/churn-latency\.csv:45452<\/a>/);
    // The row's instant in the SLA's zone (the walk-through read UTC ISO there), exact in the tooltip.
    assert.match(html, /<td><time datetime="2026-10-08T14:46:19\.000Z" title="2026-10-08T14:46:19\.000Z">2026-10-08 16:46 Europe\/Berlin \(14:46 UTC\)<\/time><\/td><td>237\.2ms<\/td>/);
  });

  test('linear: the two ranks and the weight', () => {
    const html = explanationHtml({ ...percentile, method: 'linear', rank: [10149, 10150], weight: '3/10', evidence: [percentile.evidence[0], { ...percentile.evidence[0], line: 45453 }], evidenceUris: [percentile.evidenceUris![0], percentile.evidenceUris![0]] }, options);
    assert.match(html, /linear: between observations 10,149 and 10,150 of 10,252 in ascending order, weight 3\/10 on the upper one/);
    assert.match(html, /the observations at the two ranks/);
    assert.deepEqual(links(html), ['evidence:0', 'evidence:1']);
  });

  test('a ratio: good of total and bad, the first bad rows; rows outside the workspace are text, not links', () => {
    const html = explanationHtml({
      ...base, objective: 'availability', indicator: 'availability', target: '>= 99.9%', value: 99.98974, unit: '%', status: 'met', observations: 6777061,
      good: 6776366, total: 6777061,
      evidence: [
        { metric: 'requests', file: 'metrics/r.csv', line: 16970, timestamp: '2026-09-30T22:00:00.000Z', good: 1133, total: 1134 },
        { metric: 'requests', file: '../outside.csv', line: 3, timestamp: '2026-09-30T22:05:00.000Z', good: 0, total: 1 },
        { metric: 'requests', series: 'http_requests_total{code="500"}', timestamp: '2026-09-30T22:10:00.000Z', from: '2026-09-30T22:09:00.000Z', to: '2026-09-30T22:10:00.000Z', good: 5, total: 7 },
      ],
      evidenceUris: ['file:///ws/metrics/r.csv', null, null],
    }, options);
    assert.match(html, /<dt>Events<\/dt><dd>6,776,366 good of 6,777,061: 695 bad<\/dd>/);
    assert.match(html, /99\.99% \(exactly 99\.98974%\)/);
    assert.match(html, /the first 3 rows with bad events/);
    assert.deepEqual(links(html), ['evidence:0']);
    assert.match(html, /<span title="not a file of the workspace">\.\.\/outside\.csv:3<\/span>/);
    assert.match(html, /http_requests_total\{code=&quot;500&quot;\} \[2026-09-30T22:09:00\.000Z, 2026-09-30T22:10:00\.000Z\)/);
    assert.match(html, /1,133 good of 1,134/);
  });

  test('timeslices: the slice counts and the bad slices, "the first N of M" when cut', () => {
    const html = explanationHtml({
      ...base, objective: 'availability-minutes', indicator: 'availability', target: '>= 99.9%', value: 99.88839285714286, unit: '%', status: 'breached', partial: false, observations: 20864346,
      slices: { total: 40320, withData: 8064, good: 8055, counted: 8064 },
      badSlices: [{ from: '2026-10-02T02:19:00.001Z', to: '2026-10-02T02:20:00.001Z', good: 0, total: 1106 }], badSliceCount: 9, evidence: [],
    }, options);
    assert.match(html, /<span class="badge status-breached">breached<\/span>/);
    assert.doesNotMatch(html, /as of/, 'a complete window');
    assert.match(html, /8,055 good of 8,064 counted \(8,064 with data, 40,320 in the window\)/);
    assert.match(html, /<h2>Bad slices \(the first 1 of 9\)<\/h2>/);
    assert.match(html, /<span title="\[2026-10-02T02:19:00\.001Z, 2026-10-02T02:20:00\.001Z\)">2 Oct 04:19–04:20<\/span><\/th><td>0 of 1,106<\/td>/, 'the slice in the SLA\'s zone');
  });

  test('throughput: the statistic and the slice that is the value, the slices below the target with their requests', () => {
    const html = explanationHtml({
      ...base, objective: 'throughput-floor', indicator: 'throughput', target: '>= 600rps', value: 8.6, unit: 'rps', status: 'breached', partial: false, observations: 6777061,
      slices: { total: 44640, withData: 4320, good: 4000, counted: 4320 }, statistic: 'min',
      valueSlice: { from: '2026-10-01T00:20:00.000Z', to: '2026-10-01T00:21:00.000Z', requests: 516 },
      badSlices: [{ from: '2026-10-01T00:20:00.000Z', to: '2026-10-01T00:21:00.000Z', requests: 516 }], badSliceCount: 320, evidence: [],
    }, options);
    assert.match(html, /<dt>Statistic<\/dt><dd>min: the slowest of 4,320 slices with requests, the slice 1 Oct 02:20–02:21 \(516 requests\)<\/dd>/);
    assert.match(html, /<th scope="col">Requests<\/th>/);
    assert.match(html, /<h2>Bad slices \(the first 1 of 320\)<\/h2>/);
    assert.doesNotMatch(html, /no single row/);
  });

  test('a provisional window says so, until when, in the SLA\'s zone', () => {
    const html = explanationHtml({ ...percentile, provisionalUntil: '2026-11-14T23:00:00.000Z' }, options);
    assert.match(html, /<p class="notice provisional">Provisional until 2026-11-15 00:00 Europe\/Berlin \(2026-11-14 23:00 UTC\): labels are still arriving/);
  });

  test('the page keeps what it explains for a reload; a restored state is checked before it is asked again', () => {
    const state = { uri: 'file:///ws/a.sla.yaml', objective: 'p"<99\u2028', window: 'latest', sla: 'churn' };
    const html = explanationHtml(percentile, { ...options, state });
    const attr = /<main data-state="([^"]*)">/.exec(html)![1];
    const decoded = attr.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), state, 'the attribute decodes to the state, control characters included');
    assert.deepEqual(restoredExplainParams(state), state);
    assert.equal(restoredExplainParams({ ...state, uri: 'https://evil.example/x' }), undefined, 'only a file is asked again');
    assert.equal(restoredExplainParams({ uri: 'file:///a', objective: 1, window: 'latest' }), undefined);
    assert.equal(restoredExplainParams(null), undefined);
    assert.doesNotMatch(html, /No row evidence/);
  });

  test('accuracy: every run, counted or why not (excluded, below minSamples, another dataset), each a link', () => {
    const run = (line: number, counted: boolean, why?: 'excluded' | 'belowMinSamples' | 'otherDataset') => ({
      metric: 'eval', file: 'metrics/eval.csv', line, timestamp: `2026-10-0${line - 10}T06:00:00.000Z`, value: 0.8, samples: 6000, dataset: 'holdout', counted, ...(why ? { why } : {}),
    });
    const runs = [run(11, true), run(12, false, 'excluded'), run(13, false, 'belowMinSamples'), run(14, false, 'otherDataset')];
    const html = explanationHtml({
      ...base, objective: 'f1-holdout', indicator: 'accuracy', target: '>= 0.78', value: 0.812, unit: '', status: 'met', observations: 1,
      evidence: [runs[0]], evidenceUris: ['file:///ws/metrics/eval.csv'], runs, runUris: runs.map(() => 'file:///ws/metrics/eval.csv'),
    }, options);
    assert.match(html, /<strong class="value">0\.812<\/strong>/);
    assert.deepEqual(links(html), ['run:0', 'run:1', 'run:2', 'run:3'], 'the runs table, not the evidence twice');
    assert.match(html, /0\.8 · 6,000 samples · dataset holdout<\/td><td>counted/);
    assert.match(html, /not counted: excluded \(an exclusion window\)/);
    assert.match(html, /not counted: below minSamples/);
    assert.match(html, /not counted: another dataset/);
  });

  test('no data, and a value without row evidence: the note says so', () => {
    const none = explanationHtml({ ...percentile, value: null, status: 'no-data', observations: 0, evidence: [], evidenceUris: [], method: undefined, rank: undefined }, options);
    assert.match(none, /no value/);
    assert.match(none, /No data in this window: there is no row to cite\./);
    const note = explanationHtml({ ...percentile, objective: 'throughput', evidence: [], evidenceUris: [], method: undefined, rank: undefined, note: 'the throughput value has no single row behind it' }, options);
    assert.match(note, /the throughput value has no single row behind it/);
  });

  test('strings from the SLA and the data are text: markup, quotes and control characters escaped', () => {
    const evil = '<img src=x onerror=alert(1)>"\'`\u202e\u0007';
    const html = explanationHtml({
      ...percentile, sla: evil, objective: evil, target: evil, window: evil, unit: evil,
      evidence: [{ ...percentile.evidence[0], file: evil, metric: evil, timestamp: evil, unit: evil }],
    }, options);
    const body = html.slice(html.indexOf('<body>'), html.indexOf('<script'));
    assert.doesNotMatch(body, /<img/);
    assert.doesNotMatch(body, /[\u202e\u0007]/);
    assert.match(body, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&#96;\\u202e\\x07/);
    assert.doesNotMatch(html.slice(0, html.indexOf('<body>')), /<img/, 'the title too');
  });

  test('a strict CSP: no default source, style and script by nonce only; one script', () => {
    const html = explanationHtml(percentile, options);
    assert.match(html, /content="default-src 'none'; style-src 'nonce-N0NCE'; script-src 'nonce-N0NCE'; img-src vscode-webview:\/\/x"/);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="N0NCE">/);
    assert.doesNotMatch(html, /href="(?!#)/, 'no link leaves the page');
    assert.doesNotMatch(html, /\bon\w+=/i, 'no inline handlers');
  });

  test('the page while computing and after an error', () => {
    const pending = pendingHtml({ objective: 'latency-p99', window: 'latest' }, options);
    assert.match(pending, /Computing the explanation…/);
    const failed = pendingHtml({ objective: 'latency-p99', window: 'nope' }, options, 'objective latency-p99 has no window `nope`; its windows are <2026-09>');
    assert.match(failed, /<p class="error" role="alert">objective latency-p99 has no window &#96;nope&#96;; its windows are &lt;2026-09&gt;<\/p>/);
  });

  test('titles, places and values', () => {
    assert.equal(explainTitle(percentile), 'Explain: latency-p99 · 2026-10');
    assert.equal(explainTitle({ objective: 'a', window: '2026-09-17T23:55:00.001Z/2026-10-15T23:55:00.001Z' }), 'Explain: a · rolling window');
    assert.equal(evidencePlace(percentile.evidence[0]), 'metrics/churn-latency.csv:45452');
    assert.equal(evidencePlace({ metric: 'm', series: 's{a="b"}', timestamp: 't' }), 's{a="b"} @ t');
    assert.equal(valueText(237.2, 'ms'), '237.2ms');
    assert.equal(valueText(20864346, ''), '20864346');
    assert.equal(valueText(0.8123, ''), '0.812 (exactly 0.8123)');
    assert.equal(valueText(0.000123, ''), '0.000123');
    assert.equal(valueText(99.9, '%', '99.90000000000000000001'), '99.9% (exactly 99.90000000000000000001%)');
    assert.equal(valueText(null, 'ms'), 'no value');
  });
});

describe('messages', () => {
  test('the page may post: open an evidence or run row by index, reveal the objective; nothing else', () => {
    assert.ok(isExplainPanelMessage({ type: 'open', kind: 'evidence', index: 0 }));
    assert.ok(isExplainPanelMessage({ type: 'open', kind: 'run', index: 3 }));
    assert.ok(isExplainPanelMessage({ type: 'revealObjective' }));
    for (const bad of [null, 'open', [], { type: 'open', kind: 'file', index: 0 }, { type: 'open', kind: 'evidence', index: -1 }, { type: 'open', kind: 'evidence', index: 1.5 },
      { type: 'open', kind: 'evidence', index: '0' }, { type: 'open', kind: 'evidence' }, { type: 'open', kind: 'evidence', index: 1e9 }, { type: 'openFile', uri: 'file:///etc/passwd' }]) {
      assert.ok(!isExplainPanelMessage(bad), JSON.stringify(bad));
    }
  });

  test('the preview\'s Explain: objective and window required, the SLA optional, lengths bounded', () => {
    assert.ok(isExplainWindowMessage({ type: 'explainWindow', objectiveId: 'latency-p99', windowLabel: '2026-09' }));
    assert.ok(isExplainWindowMessage({ type: 'explainWindow', uri: 'file:///x', sla: 'churn', objectiveId: 'a', windowLabel: '2026-W45' }));
    for (const bad of [null, { type: 'explainWindow', objectiveId: 'a' }, { type: 'explainWindow', objectiveId: '', windowLabel: 'x' }, { type: 'explainWindow', objectiveId: 'a', windowLabel: 'x'.repeat(300) },
      { type: 'explainWindow', objectiveId: 'a', windowLabel: 'x', sla: 3 }, { type: 'reveal', objectiveId: 'a', windowLabel: 'x' }]) {
      assert.ok(!isExplainWindowMessage(bad), JSON.stringify(bad));
    }
  });
});
