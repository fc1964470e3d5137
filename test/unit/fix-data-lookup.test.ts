/**
 * The server publishes diagnostics without their fix data (`withoutFixData`); a code-action request
 * with such a diagnostic must offer exactly the fixes it offers for the diagnostic with its data.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import { withoutFixData } from '../../server/src/service/codeActions';
import { getLanguageService } from '../../server/src/service/languageService';
import { VALID_SLA } from '../helpers';

const strip = (actions: CodeAction[]) => actions.map(({ diagnostics: _d, ...rest }) => rest);

test('code actions for a published diagnostic (no data) equal those for the diagnostic with its fix data', () => {
  const service = getLanguageService();
  // Findings with fixes: no percentileMethod (SLA101), no measurement point (SLA103), slices without emptySlices (SLA116).
  const text = VALID_SLA.replace('breach:\n', `  - id: slices
    indicator: latency
    metric: latency
    percentile: p99
    target: "<= 400ms"
    window: { rolling: 28d }
    budgeting: timeslices
    slice: 5m
    sliceTarget: ">= 99%"
breach:
`);
  const document = { uri: 'file:///ws/fixes.sla.yaml', version: 1, getText: () => text };
  const all = service.validate(document);
  const withFixes = all.filter((d) => d.data !== undefined);
  assert.ok(withFixes.length >= 2, `findings with fixes: ${withFixes.map((d) => d.code).join(', ')}`);
  const published = withoutFixData(all);
  assert.ok(published.every((d) => d.data === undefined));
  for (const [i, diagnostic] of all.entries()) {
    const withData = service.codeActions(document, diagnostic.range, [diagnostic]);
    const withoutData = service.codeActions(document, diagnostic.range, [published[i]!]);
    assert.deepEqual(strip(withoutData), strip(withData), `${diagnostic.code} at line ${diagnostic.range.start.line}`);
  }
});
