/**
 * The summary line of the text, markdown and HTML reports: an objective's `status` is its latest
 * window's (spec §8), so a complete window breached earlier and the credit it owes are said too —
 * a report must not read "0 breached" while money is owed (issue 13, item 10) — and the as-of
 * instant is labelled in the zone it is shown in (item 14).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { reportFiles } from '../../server/src/cli/report';
import { renderText } from '../../server/src/engine/render/text';
import { renderMarkdown } from '../../server/src/engine/render/markdown';
import { summaryLine } from '../../server/src/engine/render/common';

const repoRoot = join(__dirname, '..', '..');

test('a September breach and its credit are in the summary although every objective is met now', async () => {
  const res = await reportFiles(['examples/churn-external.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples') });
  const [r] = res.reports;
  assert.equal(r.objectives.filter((o) => o.status === 'breached').length, 0, 'the fixture: nothing breached in the latest windows');
  assert.equal(summaryLine(r), '6 met, 0 breached, 0 no data; 1 breached in an earlier window; 1 service credit owed');
  const text = renderText([r]);
  assert.match(text, /as of 2026-10-16 01:57 Europe\/Berlin \(2026-10-15 23:57 UTC\): 6 met/);
  assert.doesNotMatch(text, /Z \(Europe\/Berlin\)/);
  assert.match(renderMarkdown([r]), /1 breached in an earlier window; 1 service credit owed\./);
});

test('without earlier breaches or credits the line is only the counts', async () => {
  const res = await reportFiles(['examples/fraud.sla.yaml'], { cwd: repoRoot, root: join(repoRoot, 'examples') });
  const clean = res.reports.find((r) => r.objectives.every((o) => o.windows.every((w) => w.status !== 'breached')));
  assert.ok(clean, 'the fixture: one fraud SLA never breached');
  assert.match(summaryLine(clean!), /^\d+ met, 0 breached, 0 no data$/);
});
