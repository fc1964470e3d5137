/** Hover, outline, go to definition and document links. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, service, textDocument, VALID_SLA } from '../helpers';

const doc = textDocument(VALID_SLA, 'nav.sla.yaml');
const hoverText = (needle: string, delta = 1) => {
  const hover = service.hover(doc, positionOf(VALID_SLA, needle, delta));
  const contents = hover?.contents;
  return contents && typeof contents === 'object' && 'value' in contents ? contents.value : '';
};

describe('hover', () => {
  test('on a key: the schema explanation', () => {
    const text = hoverText('percentileMethod:');
    assert.match(text, /^\*\*percentileMethod\*\*/);
    assert.match(text, /nearest-rank/);
  });
  test('on an enum value: that value explained', () => {
    const text = hoverText('nearest-rank', 3);
    assert.match(text, /^\*\*nearest-rank\*\*: /);
  });
  test('on a target: what will be computed, in plain words', () => {
    const text = hoverText('"<= 300ms"');
    assert.match(text, /p99 of all latency observations in each calendar month \(Europe\/Berlin\), nearest-rank; met when ≤ 300 ms/);
  });
  test('on a rolling availability target', () => {
    const text = hoverText('">= 99.9%"');
    assert.match(text, /good events \/ all events over the trailing 28 d ending at the evaluation instant, as a percentage; met when ≥ 99.9%/);
  });
  test('on a metric reference: the source', () => {
    const text = hoverText('metric: latency', 9);
    assert.match(text, /metrics\/latency\.csv/);
  });
  test('the range is the hovered node', () => {
    const hover = service.hover(doc, positionOf(VALID_SLA, 'indicator: latency', 2));
    const p = positionOf(VALID_SLA, 'indicator: latency');
    assert.deepEqual(hover?.range, { start: p, end: { line: p.line, character: p.character + 9 } });
  });
  test('nothing on blank space or comments', () => {
    assert.equal(service.hover(textDocument('# only a comment\n'), { line: 0, character: 3 }), null);
  });
  test('objectives without timezone say UTC, without method say nearest-rank by default', () => {
    const text = VALID_SLA.replace(', timezone: Europe/Berlin', '').replace('    percentileMethod: nearest-rank\n', '');
    const d = textDocument(text, 'nav2.sla.yaml');
    const hover = service.hover(d, positionOf(text, '"<= 300ms"', 1));
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(value, /UTC — no `period.timezone` set/);
    assert.match(value, /nearest-rank \(default: `percentileMethod` not set\)/);
  });
});

describe('outline', () => {
  test('SLA → objectives and metrics, per document', () => {
    const two = `${VALID_SLA}---\n${VALID_SLA.replace('name: churn-internal', 'name: churn-second')}`;
    const symbols = service.documentSymbols(textDocument(two, 'outline.sla.yaml'));
    assert.deepEqual(symbols.map((s) => s.name), ['churn-internal', 'churn-second']);
    assert.deepEqual(symbols[0].children?.map((c) => c.name), ['latency-p99', 'availability', 'latency', 'requests']);
    assert.equal(symbols[0].children?.[0].detail, 'latency p99 <= 300ms');
    assert.equal(symbols[0].children?.[0].selectionRange.start.line, positionOf(VALID_SLA, 'latency-p99').line);
    assert.ok(symbols[1].range.start.line > symbols[0].range.end.line);
  });
});

describe('go to definition', () => {
  test('from metric: to the metrics entry', () => {
    const location = service.definition(doc, positionOf(VALID_SLA, 'metric: requests', 10));
    const key = positionOf(VALID_SLA, '  requests:', 2);
    assert.deepEqual(location?.range.start, key);
    assert.equal(location?.uri, doc.uri);
  });
  test('from a service credit to the objective', () => {
    const text = VALID_SLA.replace('breach:\n', 'breach:\n  external:\n    serviceCredits:\n      - objective: availability\n        tiers: [{ below: 99.9%, credit: 10% }]\n');
    const d = textDocument(text, 'def.sla.yaml');
    const location = service.definition(d, positionOf(text, 'objective: availability', 12));
    assert.deepEqual(location?.range.start, positionOf(text, 'availability\n    indicator'));
  });
  test('nothing from an unknown metric', () => {
    const text = VALID_SLA.replace('metric: requests', 'metric: nope');
    assert.equal(service.definition(textDocument(text, 'def2.sla.yaml'), positionOf(text, 'metric: nope', 9)), null);
  });
});

describe('document links', () => {
  test('metric files resolve relative to the SLA file', () => {
    const links = service.documentLinks(doc);
    assert.deepEqual(links.map((l) => l.target), ['file:///work/ws/metrics/latency.csv', 'file:///work/ws/metrics/requests.jsonl']);
    assert.deepEqual(links[0].range.start, positionOf(VALID_SLA, 'metrics/latency.csv'));
  });
});
