/** Completion at cursor positions (`§`) in realistic and half-typed documents. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { service, VALID_SLA, withCursor } from '../helpers';

function complete(textWithCursor: string): CompletionItem[] {
  const { document, position } = withCursor(textWithCursor);
  return service.complete(document, position).items;
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const edit = (item: CompletionItem | undefined) => (item?.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined);

/** VALID_SLA with the cursor put in place of `from`. */
function at(from: string, to: string): string {
  assert.ok(VALID_SLA.includes(from), `fixture lacks ${from}`);
  return VALID_SLA.replace(from, to);
}

describe('keys', () => {
  test('top level: missing keys only, required ones first', () => {
    const items = complete(at('scope: internal\n', 'scope: internal\n§\n'));
    const names = labels(items);
    assert.ok(names.includes('parties'));
    assert.ok(!names.includes('metadata'), 'already present');
    assert.ok(!names.includes('objectives'), 'already present');
  });
  test('top level, with a typed prefix', () => {
    const items = complete(at('scope: internal\n', 'scope: internal\npar§\n'));
    const parties = items.find((i) => i.label === 'parties');
    assert.ok(parties);
    assert.ok(parties.textEdit && 'range' in parties.textEdit);
    const range = (parties.textEdit as { range: { start: { character: number }; end: { character: number } } }).range;
    assert.deepEqual([range.start.character, range.end.character], [0, 3], 'replaces the typed prefix');
  });
  test('inside an objective: keys not yet present, with documentation', () => {
    const items = complete(at('    percentileMethod: nearest-rank\n', '    §\n'));
    const names = labels(items);
    assert.ok(names.includes('percentileMethod'));
    assert.ok(names.includes('budgeting'));
    assert.ok(!names.includes('target'), 'present');
    assert.ok(!names.includes('measure'), 'belongs to accuracy objectives');
    const method = items.find((i) => i.label === 'percentileMethod');
    assert.equal(typeof method?.documentation === 'object' && method.documentation.kind, 'markdown');
    assert.match(edit(method) ?? '', /^percentileMethod: \$\{1\|nearest-rank,linear\|\}$/);
  });
  test('inside an objective, half-typed key (the parser sees `perc` as a key)', () => {
    const items = complete(at('    percentileMethod: nearest-rank\n', '    perc§\n'));
    assert.ok(labels(items).includes('percentileMethod'));
  });
  test('keys of an availability objective differ from those of a latency one', () => {
    const names = labels(complete(at('    method: request-based\n', '    §\n')));
    assert.ok(names.includes('method'));
    assert.ok(!names.includes('percentile'));
  });
  test('in a nested mapping (metadata)', () => {
    const names = labels(complete(at('  owner: ml-platform@example.com\n', '  owner: ml-platform@example.com\n  §\n')));
    assert.ok(names.includes('title') === false, 'title present');
    assert.ok(names.length > 0);
    assert.ok(!names.includes('name'));
  });
  test('in a metric source', () => {
    const names = labels(complete(at('    unit: ms\n', '    unit: ms\n    §\n')));
    assert.ok(names.includes('timestampUnit'));
    assert.ok(names.includes('format'));
    assert.ok(!names.includes('file'));
  });
  test('compact sequences (dash at the key\'s column): objective keys', () => {
    const names = labels(complete('apiVersion: modelsla/v1\nkind: SLA\nobjectives:\n- id: a\n  §\n'));
    assert.ok(names.includes('indicator'));
    assert.ok(!names.includes('id'));
    const fresh = complete('apiVersion: modelsla/v1\nkind: SLA\nobjectives:\n- §\n');
    assert.ok(labels(fresh).includes('id'));
    assert.equal(fresh.filter((i) => i.kind === 15).length, 4, 'objective snippets');
  });
  test('a new item of another list (escalation steps)', () => {
    const names = labels(complete(at('    - { after: 1h, notify: on-call }', '    - { after: 1h, notify: on-call }\n    - §')));
    assert.deepEqual(names.sort(), ['after', 'notify']);
  });
  test('in a flow mapping: window keys', () => {
    const names = labels(complete(at('    window: { calendar: month }', '    window: { §}')));
    assert.deepEqual(names.sort(), ['calendar', 'rolling']);
  });
  test('in the breach policy', () => {
    const names = labels(complete(at('  escalation:\n', '  §\n  escalation:\n')));
    assert.ok(names.includes('external'));
    assert.ok(!names.includes('internal'));
  });
});

describe('key order and follow-ups', () => {
  const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
  test('period keys come in logical order (start, end, timezone), not alphabetically', () => {
    const names = sorted(complete(at('period: { start: 2026-01-01, end: 2026-12-31, timezone: Europe/Berlin }\n', 'period:\n  §\n')));
    assert.deepEqual(names.filter((n) => ['start', 'end', 'timezone'].includes(String(n))), ['start', 'end', 'timezone']);
  });
  test('accepting `target` inserts `""` and reopens suggestions inside it (the operators)', () => {
    const target = complete(at('    target: "<= 300ms"\n', '    targ§\n')).find((i) => i.label === 'target');
    assert.equal(edit(target), 'target: "$1"');
    assert.equal(target?.command?.command, 'editor.action.triggerSuggest');
    const inside = complete(at('    target: "<= 300ms"\n', '    target: "§"\n'));
    assert.deepEqual(labels(inside).slice(0, 2), ['<=', '<']);
  });
});

describe('values', () => {
  test('indicator: enum values with descriptions', () => {
    const items = complete(at('    indicator: latency', '    indicator: §'));
    assert.deepEqual(labels(items), ['latency', 'availability', 'accuracy', 'throughput']);
    assert.ok(items.every((i) => i.documentation));
  });
  test('scope, percentileMethod and calendar enums', () => {
    assert.deepEqual(labels(complete(at('scope: internal', 'scope: §'))), ['internal', 'external']);
    assert.deepEqual(labels(complete(at('    percentileMethod: nearest-rank', '    percentileMethod: n§'))), ['nearest-rank', 'linear']);
    assert.ok(labels(complete(at('    window: { calendar: month }', '    window: { calendar: § }'))).includes('quarter'));
  });
  test('budgeting offers occurrences and timeslices', () => {
    const names = labels(complete(at('    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n    budgeting: §\n')));
    assert.deepEqual(names, ['occurrences', 'timeslices']);
  });
  test('metric: the ids of metrics', () => {
    const items = complete(at('    metric: latency', '    metric: §'));
    assert.deepEqual(labels(items), ['latency', 'requests']);
    assert.equal(items[0].detail, 'metrics/latency.csv');
  });
  test('serviceCredits objective: the objective ids', () => {
    const text = at('breach:\n', 'breach:\n  external:\n    serviceCredits:\n      - objective: §\n');
    assert.deepEqual(labels(complete(text)), ['latency-p99', 'availability']);
  });
  test('target: operators at the start, latency first offers <=', () => {
    const items = complete(at('    target: "<= 300ms"', '    target: §'));
    assert.equal(items[0].label, '<=');
    assert.equal(edit(items[0]), '"<= $0"');
  });
  test('target: units after a number, by indicator', () => {
    const latency = labels(complete(at('    target: "<= 300ms"', '    target: "<= 300§"')));
    assert.deepEqual(latency, ['300ms', '300s', '300m', '300h', '300d', '300w']);
    const availability = labels(complete(at('    target: ">= 99.9%"', '    target: ">= 99.9§"')));
    assert.deepEqual(availability, ['99.9%']);
  });
  test('rolling window: duration units after a number', () => {
    const items = complete(at('    window: { rolling: 28d }', '    window: { rolling: 28§ }'));
    assert.ok(labels(items).includes('28d'));
    assert.ok(!labels(items).includes('28%'));
  });
  test('percentile values', () => {
    assert.ok(labels(complete(at('    percentile: p99', '    percentile: §'))).includes('p99.9'));
  });
  test('timezone: common IANA zones first', () => {
    const items = complete(at('timezone: Europe/Berlin }', 'timezone: § }'));
    assert.equal(items[0].label, 'UTC');
    assert.ok(labels(items).includes('America/New_York'));
  });
  test('runbook: `https://` with the cursor after it, never an example address; in plain words on hover; a friendly message for a bad value', () => {
    for (const [from, to] of [
      ['    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n    runbook: §\n'],
      ['breach:\n', 'breach:\n  runbook: §\n'],
    ] as const) {
      const items = complete(at(from, to));
      assert.deepEqual(labels(items), ['https://'], to);
      assert.equal(edit(items[0]), 'https://${1}');
      assert.equal(items[0]!.insertTextFormat, 2, 'a snippet');
    }
    const key = complete(at('    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n    runb§\n')).find((i) => i.label === 'runbook');
    assert.equal(edit(key), 'runbook: ');
    assert.equal(key?.command?.command, 'editor.action.triggerSuggest', 'the value\'s suggestion opens at once');
    assert.ok(!labels(complete(at('    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n    runbook: https://§\n'))).includes('https://'));

    const { document, position } = withCursor(at('    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n    run§book: https://wiki.example.com/p99\n'));
    const hover = service.hover(document, position);
    const words = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover?.contents);
    assert.match(words, /runbook_url/);
    assert.doesNotMatch(words, /§|spec/, 'no reference to a spec the user does not have');

    const bad = service.validate({ uri: 'file:///w/runbook.sla.yaml', version: 1, getText: () => at('    percentileMethod: nearest-rank\n', '    percentileMethod: nearest-rank\n    runbook: wiki/p99\n') });
    const finding = bad.find((d) => d.code === 'SLA002');
    assert.ok(finding, bad.map((d) => d.message).join('\n'));
    assert.match(String(finding.message), /^`runbook` in objective `latency-p99` is not valid: A runbook is an http\(s\) URL, e.g\. https:\/\/runbooks\.example\.com\/churn; found `wiki\/p99` \(text\)$/);
    assert.doesNotMatch(String(finding.message), /\^https/, 'not the raw pattern');
  });
  test('no completion inside a comment', () => {
    assert.deepEqual(complete(at('scope: internal', 'scope: internal # a comm§ent')), []);
  });
});

describe('snippets', () => {
  test('a new list item in objectives offers one snippet per indicator', () => {
    const items = complete(at('breach:\n', '  - §\nbreach:\n'));
    const snippets = items.filter((i) => i.kind === 15).map((i) => i.label);
    assert.equal(snippets.length, 4, JSON.stringify(labels(items)));
    const latency = items.find((i) => /latency/.test(String(i.label)) && i.kind === 15);
    const body = edit(latency) ?? '';
    assert.match(body, /^id: /);
    assert.match(body, /\n {4}indicator: latency/);
    assert.match(body, /percentileMethod/);
  });
  test('an empty file offers a whole new SLA', () => {
    const items = complete('§');
    const sla = items.find((i) => i.kind === 15);
    assert.ok(sla, JSON.stringify(labels(items)));
    assert.match(edit(sla) ?? '', /^apiVersion: modelsla\/v1\nkind: SLA\n/);
  });
  test('the new-SLA snippet, with placeholders filled, validates clean', () => {
    const sla = complete('§').find((i) => i.kind === 15)!;
    const text = (edit(sla) ?? '').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
    const found = service.validate({ uri: 'file:///w/new.sla.yaml', version: 1, getText: () => text });
    assert.deepEqual(found.map((d) => d.message), []);
  });
  test('objective snippets, inserted in a file, validate clean', () => {
    const items = complete(at('breach:\n', '  - §\nbreach:\n')).filter((i) => i.kind === 15);
    for (const item of items) {
      const body = (edit(item) ?? '').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
      const text = VALID_SLA.replace('breach:\n', `  - ${body}\nbreach:\n`)
        .replace('metrics:\n', 'metrics:\n  eval:\n    file: metrics/eval.csv\n    timestamp: at\n    value: f1\n    samples: n\n    dataset: dataset\n  requests-agg:\n    file: metrics/agg.csv\n    timestamp: minute\n    total: requests\n    goodCount: ok\n');
      const found = service.validate({ uri: `file:///w/${item.label}.sla.yaml`, version: 1, getText: () => text });
      const notReferences = found.filter((d) => d.code !== 'SLA003' && d.code !== 'SLA004'); // ids and metric names are placeholders
      assert.deepEqual(notReferences.map((d) => `${d.code} ${d.message}`), [], String(item.label));
    }
  });
});

describe('speed-related contract', () => {
  test('completion and hover reuse the parse of the document version', () => {
    const { document, position } = withCursor(at('    indicator: latency', '    indicator: §'));
    const before = service.cache.parses;
    service.validate(document);
    service.complete(document, position);
    service.hover(document, position);
    service.documentSymbols(document);
    assert.equal(service.cache.parses - before, 1);
  });
});
