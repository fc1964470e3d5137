/**
 * The Model SLA view's model (client/src/standingModel.ts), without VS Code: the tree of a
 * `modelSla/standing` answer — folder → file → SLA → objective, the folder level left out for one
 * folder — the "only breached" filter, the badge, the status bar summary, the untrusted message,
 * icons, tooltips (SLA text escaped), the SLA of a line of a multi-document file; and how
 * package.json contributes the view, its menus and its welcome.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StandingFile, StandingObjective, StandingResult, StandingStatus } from '../../server/src/protocol/standing';
import {
  STATUS_ICONS, allObjectives, breachedCount, childrenOf, contextValueOf, explainParamsOf, fileLabel, isStandingNode, lineOf, objectiveTooltip,
  slaAtLine, slaDescription, standingBadge, standingTree, statusBarSummary, statusCounts, statusIcon, updateInPlace, uriOf, viewMessage,
  type FileNode, type FolderNode, type ObjectiveNode, type SlaNode, type StandingNode,
} from '../../client/src/standingModel';

function objective(id: string, status: StandingStatus, extra: Partial<StandingObjective> = {}): StandingObjective {
  return {
    id, indicator: 'latency', target: '<= 400ms', status, line: 10, window: '2026-10', recent: [],
    description: status === 'unknown' ? 'not computed' : `p99 237.2 ms ≤ 400 ms${status === 'met-so-far' ? ' · so far' : ''}`, ...extra,
  };
}

const churn: StandingFile = {
  uri: 'file:///ws/a/churn.sla.yaml', path: 'churn.sla.yaml',
  slas: [{
    name: 'churn-external', title: 'Churn model', scope: 'external', line: 2,
    objectives: [
      objective('latency-p99', 'met-so-far', {
        line: 64, budgetRemaining: 0.764,
        recent: [
          { label: '2026-10', status: 'met', value: '237.2ms', partial: true },
          { label: '2026-09', status: 'breached', value: '412.5ms', partial: false },
          { label: '2026-08', status: 'no-data', value: 'no data', partial: false },
        ],
      }),
      objective('availability', 'breached', { line: 98, indicator: 'availability', target: '>= 99.9%', description: '99.82 % ≥ 99.9 % · budget overspent by 80 %' }),
    ],
  }],
};
const fraud: StandingFile = {
  uri: 'file:///ws/a/slas/fraud.sla.yaml', path: 'slas/fraud.sla.yaml',
  slas: [
    { name: 'fraud-internal', scope: 'internal', line: 0, objectives: [objective('latency-p95', 'met', { line: 20 }), objective('auc', 'no-data', { line: 40 })] },
    { name: 'fraud-external', scope: 'external', line: 120, objectives: [objective('latency-p95', 'breached', { line: 140 }), objective('auc', 'provisional', { line: 160 })] },
  ],
};
const broken: StandingFile = { uri: 'file:///ws/a/broken.sla.yaml', path: 'broken.sla.yaml', slas: [], problem: '1 error to fix first (line 3: unexpected end)\nmore' };

const oneFolder: StandingResult = { folders: [{ uri: 'file:///ws/a', name: 'a', files: [broken, churn, fraud] }], breached: 2, trusted: true };

const objectives = (nodes: StandingNode[]): ObjectiveNode[] => nodes.flatMap((n) => (n.kind === 'objective' ? [n] : objectives(childrenOf(n))));

describe('the tree', () => {
  test('one workspace folder: its files at the top, then SLAs, then objectives in file order', () => {
    const roots = standingTree(oneFolder, { onlyBreached: false });
    assert.deepEqual(roots.map((n) => n.kind), ['file', 'file', 'file']);
    const [b, c, f] = roots as FileNode[];
    assert.equal(b.file.path, 'broken.sla.yaml');
    assert.deepEqual(b.children, []);
    assert.deepEqual(c.children.map((s) => s.sla.name), ['churn-external']);
    assert.deepEqual(c.children[0].children.map((o) => o.objective.id), ['latency-p99', 'availability']);
    assert.deepEqual(f.children.map((s) => s.sla.name), ['fraud-internal', 'fraud-external']);
    // The same objective id in two SLAs of one file: distinct nodes, each knowing its SLA.
    const p95s = objectives(roots).filter((o) => o.objective.id === 'latency-p95');
    assert.equal(p95s.length, 2);
    assert.notEqual(p95s[0].id, p95s[1].id);
    assert.deepEqual(p95s.map((o) => o.slaName), ['fraud-internal', 'fraud-external']);
    // Every id unique across the tree (VS Code keeps expansion and selection by id).
    const ids: string[] = [];
    const walk = (n: StandingNode) => { ids.push(n.id); childrenOf(n).forEach(walk); };
    roots.forEach(walk);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('several workspace folders: a folder level; a folder without SLA files left out', () => {
    const result: StandingResult = {
      folders: [
        { uri: 'file:///ws/a', name: 'a', files: [churn] },
        { uri: 'file:///ws/b', name: 'b', files: [] },
        { uri: 'file:///ws/c', name: 'c', files: [fraud] },
      ],
      breached: 2, trusted: true,
    };
    const roots = standingTree(result, { onlyBreached: false }) as FolderNode[];
    assert.deepEqual(roots.map((n) => [n.kind, n.folder.name]), [['folder', 'a'], ['folder', 'c']]);
    assert.equal(roots[1].children[0].file.path, 'slas/fraud.sla.yaml');
  });

  test('no answer yet, no folder, no SLA file: no nodes (the welcome shows)', () => {
    assert.deepEqual(standingTree(undefined, { onlyBreached: false }), []);
    assert.deepEqual(standingTree({ folders: [], breached: 0, trusted: true }, { onlyBreached: false }), []);
    assert.deepEqual(standingTree({ folders: [{ uri: 'file:///ws/a', name: 'a', files: [] }], breached: 0, trusted: true }, { onlyBreached: false }), []);
  });

  test('only breached: the breached objectives, and only the SLAs, files and folders that hold one', () => {
    const roots = standingTree(oneFolder, { onlyBreached: true }) as FileNode[];
    assert.deepEqual(roots.map((f) => f.file.path), ['churn.sla.yaml', 'slas/fraud.sla.yaml']);
    assert.deepEqual(roots[1].children.map((s) => s.sla.name), ['fraud-external']);
    assert.deepEqual(objectives(roots).map((o) => `${o.slaName}/${o.objective.id}`), ['churn-external/availability', 'fraud-external/latency-p95']);
    assert.ok(objectives(roots).every((o) => o.objective.status === 'breached'));
    const multi: StandingResult = { folders: [{ uri: 'file:///a', name: 'a', files: [churn] }, { uri: 'file:///b', name: 'b', files: [{ ...fraud, slas: [fraud.slas[0]] }] }], breached: 1, trusted: true };
    assert.deepEqual((standingTree(multi, { onlyBreached: true }) as FolderNode[]).map((f) => f.folder.name), ['a']);
    const none: StandingResult = { folders: [{ uri: 'file:///a', name: 'a', files: [{ ...fraud, slas: [fraud.slas[0]] }] }], breached: 0, trusted: true };
    assert.deepEqual(standingTree(none, { onlyBreached: true }), []);
    assert.match(viewMessage(none, { onlyBreached: true })!, /No objective is breached/);
    assert.equal(viewMessage(none, { onlyBreached: false }), undefined);
  });

  test('node helpers: context values (explain only where computed), lines to reveal, uris', () => {
    const roots = standingTree(oneFolder, { onlyBreached: false });
    const file = roots[1] as FileNode;
    const sla = file.children[0] as SlaNode;
    const p99 = sla.children[0];
    assert.equal(contextValueOf(file), 'slaFile');
    assert.equal(contextValueOf(sla), 'sla');
    assert.equal(contextValueOf(p99), 'objective.computed');
    assert.equal(lineOf(p99), 64);
    assert.equal(lineOf(sla), 2);
    assert.equal(uriOf(p99), churn.uri);
    assert.deepEqual(explainParamsOf(p99), { uri: churn.uri, objective: 'latency-p99', window: 'latest', sla: 'churn-external' });
    assert.ok(isStandingNode(p99) && isStandingNode(file));
    assert.ok(!isStandingNode('file:///x') && !isStandingNode({ kind: 'objective' }) && !isStandingNode(null));
    const untrusted = standingTree({ ...oneFolder, trusted: false }, { onlyBreached: false });
    assert.ok(objectives(untrusted).every((o) => contextValueOf(o) === 'objective'));
  });
});

describe('labels, icons, tooltips', () => {
  test('each status has its icon: met, met so far, breached, no data, provisional, not computed', () => {
    assert.deepEqual(statusIcon('met'), { id: 'pass-filled', color: 'testing.iconPassed' });
    assert.deepEqual(statusIcon('met-so-far'), { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(statusIcon('breached'), { id: 'error', color: 'testing.iconFailed' });
    assert.equal(statusIcon('no-data').id, 'question');
    assert.equal(statusIcon('provisional').id, 'watch');
    assert.equal(statusIcon('unknown').id, 'circle-slash');
    assert.equal(statusIcon('bogus' as StandingStatus).id, 'circle-slash');
    assert.equal(new Set(Object.values(STATUS_ICONS).map((i) => `${i.id}/${i.color}`)).size, 6, 'six distinct icons');
  });

  test('a file: its name, its folder and why nothing is listed (first line of the problem)', () => {
    assert.deepEqual(fileLabel(fraud), { label: 'fraud.sla.yaml', description: 'slas · 1 breached' });
    assert.deepEqual(fileLabel(churn), { label: 'churn.sla.yaml', description: '1 breached' });
    assert.deepEqual(fileLabel(broken), { label: 'broken.sla.yaml', description: '⚠ 1 error to fix first (line 3: unexpected end)' });
    assert.equal(slaDescription(fraud.slas[1]), 'external · 1 breached');
    assert.equal(slaDescription(fraud.slas[0]), 'internal');
  });

  test('an objective\'s tooltip: target, status, budget, its recent windows as a table; SLA text escaped', () => {
    const [p99] = objectives(standingTree(oneFolder, { onlyBreached: false }));
    const tip = objectiveTooltip(p99);
    assert.match(tip, /^\*\*latency-p99\*\* · churn-external/);
    assert.match(tip, /latency, target \\<= 400ms — \*\*met so far\*\* in 2026-10/);
    assert.match(tip, /Error budget left: 76 %/);
    // What the latest final breach obliges (spec §8.2), when the server says.
    const owing = objectiveTooltip({ ...p99, objective: { ...p99.objective, owed: { window: '2026-09', text: 'credit 10% owed, remediation due 15 Oct 00:00 (overdue)' } } });
    assert.ok(owing.includes('**Owed for 2026-09:** credit 10% owed, remediation due 15 Oct 00:00 (overdue)'), owing);
    const rows = tip.split('\n').filter((l) => l.startsWith('| 2026'));
    assert.deepEqual(rows, ['| 2026-10 (partial) | met so far | 237.2ms |', '| 2026-09 | breached | 412.5ms |', '| 2026-08 | no data | no data |']);
    const evil: ObjectiveNode = { ...p99, objective: objective('x|y', 'breached', { description: '[click](command:evil) <img src=x> `code`\nline2', recent: [{ label: 'a|b', status: 'met', value: '1|2', partial: false }] }), slaName: '**bold**' };
    const text = objectiveTooltip(evil);
    assert.doesNotMatch(text, /\[click\]\(command/);
    assert.doesNotMatch(text, /(?<!\\)<img/, 'markup escaped');
    assert.match(text, /\\\[click\\\]\(command:evil\)/, 'with the brackets escaped no link opens');
    assert.match(text, /\| a\\\|b \| met \| 1\\\|2 \|/, 'pipes in a cell do not split it');
    assert.match(text, /\\\*\\\*bold\\\*\\\*/);
    assert.doesNotMatch(text, /`code`\nline2/);
    const overspent = objectiveTooltip({ ...p99, objective: { ...p99.objective, budgetRemaining: -0.8 } });
    assert.match(overspent, /Error budget overspent by 80 %/);
  });
});

describe('badge, status bar, untrusted', () => {
  test('the badge counts the breached objectives; none when nothing is breached', () => {
    assert.deepEqual(standingBadge(oneFolder), { value: 2, tooltip: '2 objectives breached' });
    assert.deepEqual(standingBadge({ ...oneFolder, breached: 1 }), { value: 1, tooltip: '1 objective breached' });
    assert.equal(standingBadge({ ...oneFolder, breached: 0 }), undefined);
    assert.equal(standingBadge(undefined), undefined);
    assert.equal(breachedCount({ ...oneFolder, breached: undefined as unknown as number }), 2, 'counted from the objectives without the server\'s count');
  });

  test('the status bar: "$(error) 2 objectives breached", "$(pass) SLAs met", what has no verdict said too, hidden without SLAs or untrusted', () => {
    const s = statusBarSummary(oneFolder)!;
    assert.equal(s.text, '$(error) 2 objectives breached · 1 without data · 1 file with errors', 'a broken file or a deleted metric never lowers the count silently');
    assert.ok(s.breached);
    assert.equal(s.tooltip, 'Model SLA: 6 objectives in 3 SLAs: 2 met (1 so far), 2 breached, 1 provisional, 1 without data, 1 SLA file with errors. Click to show the Model SLA view.');
    const met: StandingResult = { folders: [{ uri: 'file:///a', name: 'a', files: [{ ...churn, slas: [{ ...churn.slas[0], objectives: [churn.slas[0].objectives[0]] }] }] }], breached: 0, trusted: true };
    assert.equal(statusBarSummary(met)!.text, '$(pass) SLAs met');
    const noData: StandingResult = { folders: [{ uri: 'file:///a', name: 'a', files: [{ ...churn, slas: [{ ...churn.slas[0], objectives: [objective('x', 'no-data')] }] }] }], breached: 0, trusted: true };
    assert.equal(statusBarSummary(noData)!.text, '$(question) SLAs: 1 objective without data');
    const metAndNoData: StandingResult = { folders: [{ uri: 'file:///a', name: 'a', files: [{ ...churn, slas: [{ ...churn.slas[0], objectives: [churn.slas[0].objectives[0], objective('x', 'no-data')] }] }] }], breached: 0, trusted: true };
    assert.equal(statusBarSummary(metAndNoData)!.text, '$(warning) SLAs met · 1 without data', 'not a green "met" while an objective has no verdict');
    assert.equal(statusBarSummary({ folders: [{ uri: 'file:///a', name: 'a', files: [broken] }], breached: 0, trusted: true })!.text, '$(question) SLAs: 1 file with errors');
    assert.equal(statusBarSummary({ folders: [], breached: 0, trusted: true }), undefined);
    assert.equal(statusBarSummary({ ...oneFolder, trusted: false }), undefined);
    assert.equal(statusBarSummary(undefined), undefined);
  });

  test('an untrusted workspace: the SLAs listed, nothing computed, and the view says why', () => {
    const untrusted: StandingResult = {
      folders: [{ uri: 'file:///a', name: 'a', files: [{ ...churn, slas: [{ ...churn.slas[0], objectives: [objective('latency-p99', 'unknown', { description: 'not computed (metric files are read once the workspace is trusted)' })] }] }] }],
      breached: 0, trusted: false,
    };
    assert.match(viewMessage(untrusted, { onlyBreached: false })!, /computed once the workspace is trusted/);
    const [o] = objectives(standingTree(untrusted, { onlyBreached: false }));
    assert.equal(o.computed, false);
    assert.equal(statusIcon(o.objective.status).id, 'circle-slash');
    assert.match(objectiveTooltip(o), /\*\*not computed\*\*/);
  });

  test('counts and the list of every objective', () => {
    const c = statusCounts(oneFolder);
    assert.deepEqual([c.files, c.slas, c.objectives, c.met, c['met-so-far'], c.breached, c['no-data'], c.provisional, c.unknown], [3, 3, 6, 1, 1, 2, 1, 1, 0]);
    assert.deepEqual(allObjectives(oneFolder).map((x) => `${x.file.path}:${x.sla.name}/${x.objective.id}`), [
      'churn.sla.yaml:churn-external/latency-p99', 'churn.sla.yaml:churn-external/availability',
      'slas/fraud.sla.yaml:fraud-internal/latency-p95', 'slas/fraud.sla.yaml:fraud-internal/auc',
      'slas/fraud.sla.yaml:fraud-external/latency-p95', 'slas/fraud.sla.yaml:fraud-external/auc',
    ]);
  });

  test('the SLA of a line of a multi-document file (a code lens, the cursor)', () => {
    assert.equal(slaAtLine(oneFolder, fraud.uri, 30)?.name, 'fraud-internal');
    assert.equal(slaAtLine(oneFolder, fraud.uri, 120)?.name, 'fraud-external');
    assert.equal(slaAtLine(oneFolder, fraud.uri, 500)?.name, 'fraud-external');
    assert.equal(slaAtLine(oneFolder, churn.uri, 0)?.name, 'churn-external', 'above the first document: the first SLA');
    assert.equal(slaAtLine(oneFolder, 'file:///elsewhere.sla.yaml', 3), undefined);
    assert.equal(slaAtLine(undefined, fraud.uri, 3), undefined);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const c = pkg.contributes;
  const commands = new Set((c.commands as { command: string }[]).map((x) => x.command));
  const source = readFileSync(join(__dirname, '..', '..', 'client', 'src', 'extension.ts'), 'utf8');

  test('the view in its own activity-bar container, with an icon that ships', () => {
    const [container] = c.viewsContainers.activitybar as { id: string; title: string; icon: string }[];
    assert.deepEqual([container.id, container.title], ['modelSla', 'Model SLA']);
    assert.match(readFileSync(join(__dirname, '..', '..', container.icon), 'utf8'), /^<svg[^>]*viewBox="0 0 24 24"/);
    assert.equal(c.views.modelSla[0].id, 'modelSla.standing');
    const ignore = readFileSync(join(__dirname, '..', '..', '.vscodeignore'), 'utf8');
    assert.ok(ignore.split('\n').includes('!media/**'), '.vscodeignore ships media/');
  });

  test('every command the view\'s menus and welcome name is contributed and registered', () => {
    const menus = [...c.menus['view/title'], ...c.menus['view/item/context']] as { command: string; when: string; group: string }[];
    for (const m of menus) {
      assert.ok(commands.has(m.command), m.command);
      assert.ok(source.includes(`'${m.command}'`), `${m.command} registered in extension.ts`);
      assert.match(m.when, /^view == modelSla\.standing\b/);
    }
    const inline = (c.menus['view/item/context'] as { command: string; group: string; when: string }[]).filter((m) => m.group.startsWith('inline'));
    assert.deepEqual(inline.map((m) => m.command), ['modelSla.standing.openPreview', 'modelSla.explainWindow']);
    assert.match(inline[1].when, /viewItem == objective\.computed/);
    // The filter: two commands, one shown at a time.
    const title = c.menus['view/title'] as { command: string; when: string }[];
    assert.match(title.find((m) => m.command === 'modelSla.standing.showOnlyBreached')!.when, /!modelSla\.standing\.onlyBreached/);
    assert.match(title.find((m) => m.command === 'modelSla.standing.showAll')!.when, /&& modelSla\.standing\.onlyBreached/);
    for (const w of c.viewsWelcome as { view: string; contents: string }[]) {
      assert.equal(w.view, 'modelSla.standing');
      for (const [, command] of w.contents.matchAll(/\(command:([\w.]+)/g)) if (command.startsWith('modelSla.')) assert.ok(commands.has(command), command);
    }
    assert.ok((c.viewsWelcome as { contents: string }[]).some((w) => w.contents.includes('(command:modelSla.newSlaFile)')));
  });
});

describe('redrawing only what changed', () => {
  test('the same answer redraws nothing; a changed objective is updated in place and alone redrawn; a new shape redraws all', () => {
    const shown = standingTree(oneFolder, { onlyBreached: false });
    const objectiveNodes = objectives(shown);
    assert.deepEqual(updateInPlace(shown, standingTree(JSON.parse(JSON.stringify(oneFolder)), { onlyBreached: false })), [], 'an equal answer: nothing to redraw');
    const moved: StandingResult = JSON.parse(JSON.stringify(oneFolder));
    const target = moved.folders[0].files[1].slas[0].objectives[0];
    target.description = 'p99 240.0 ms ≤ 400 ms';
    const changed = updateInPlace(shown, standingTree(moved, { onlyBreached: false }))!;
    assert.equal(changed.length, 1);
    assert.equal(changed[0], objectiveNodes.find((n) => n.objective.id === target.id && n.fileUri === moved.folders[0].files[1].uri), 'the node VS Code holds, not a new object');
    assert.equal((changed[0] as ObjectiveNode).objective.description, 'p99 240.0 ms ≤ 400 ms');
    const fewer: StandingResult = JSON.parse(JSON.stringify(oneFolder));
    fewer.folders[0].files.pop();
    assert.equal(updateInPlace(shown, standingTree(fewer, { onlyBreached: false })), undefined, 'a file gone: the whole tree');
  });
});
