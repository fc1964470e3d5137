/**
 * Model SLA in a real VS Code: everything here goes through the VS Code API against the packaged
 * extension's real language server, on a throwaway copy of the examples/ workspace.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, codes, describe as describeDiagnostics, diagnosticsWhere, eventually, nextDiagnosticsChange } from './waitFor';
import type { ExplainResult, StandingResult } from '../../../server/src/protocol/standing';
import type { ObjectiveNode, StandingNode } from '../../../client/src/standingModel';

const facts = (globalThis as { modelSlaE2eFacts?: Record<string, unknown> }).modelSlaE2eFacts ?? {};

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens the examples workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document);
}

function positionAfter(document: vscode.TextDocument, needle: string, delta = needle.length): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

/** The pid of the language server: the extension host's child running dist/server.js. */
function serverPid(): number | undefined {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  for (const line of table.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m && Number(m[2]) === process.pid && /dist[\\/]server\.js/.test(m[3]!)) return Number(m[1]);
  }
  return undefined;
}

describe('Model SLA in VS Code', () => {
  let draft: vscode.TextEditor;

  before(async () => {
    draft = await open('draft-search-ranking.sla.yaml');
  });

  it('activates on an SLA file, which gets the model-sla language', async () => {
    assert.equal(draft.document.languageId, 'model-sla');
    const extension = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
    const api = await extension.activate();
    assert.ok(extension.isActive);
    assert.equal(typeof api.activationMs, 'number');
    facts.activationMs = api.activationMs;
  });

  it('publishes the methodology findings with their codes and ranges', async () => {
    const uri = draft.document.uri;
    const expected = ['SLA101', 'SLA102', 'SLA103', 'SLA108', 'SLA109', 'SLA110', 'SLA112', 'SLA113', 'SLA114', 'SLA116', 'SLA116', 'SLA117'];
    const diagnostics = await diagnosticsWhere(uri, (d) => codes(d).join() === expected.join(), `the draft's ${expected.length} findings`);
    const sla102 = diagnostics.find((d) => codeOf(d) === 'SLA102');
    assert.ok(sla102);
    // On the `period` key (line 11 of the file), as the CLI reports it.
    assert.equal(sla102.range.start.line, 10);
    assert.equal(draft.document.getText(sla102.range), 'period');
    assert.equal(sla102.source, 'model-sla');
    assert.equal(sla102.severity, vscode.DiagnosticSeverity.Warning);
    const sla110 = diagnostics.find((d) => codeOf(d) === 'SLA110');
    assert.equal(draft.document.getText(sla110!.range), '"<= 100ms"');
    assert.match(sla110!.message, /<= 157\.4ms/);
    const code = sla102.code;
    assert.ok(typeof code === 'object' && /docs\/rules\/SLA102\.md$/.test(code.target.toString()), 'the code links to its rule page');
  });

  it('offers the metric ids when completing a `metric:` value', async () => {
    const editor = await open('churn-external.sla.yaml');
    const position = positionAfter(editor.document, '    metric: latency\n', '    metric: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const id of ['latency', 'requests-agg', 'eval']) assert.ok(labels.includes(id), `${id} in ${labels.join(', ')}`);
  });

  it('explains an objective\'s target on hover, in plain words', async () => {
    const editor = await open('churn-external.sla.yaml');
    const position = positionAfter(editor.document, '"<= 400ms"', 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /p99 of all latency observations in each calendar month \(Europe\/Berlin\), nearest-rank; met when ≤ 400 ms/);
  });

  it('applies a quick fix, and its finding goes away', async () => {
    const source = fs.readFileSync(workspaceFile('draft-search-ranking.sla.yaml').fsPath, 'utf8');
    const uri = workspaceFile('e2e-quickfix.sla.yaml');
    fs.writeFileSync(uri.fsPath, source.replace('name: search-ranking-draft', 'name: e2e-quickfix'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const before = await diagnosticsWhere(uri, (d) => codes(d).includes('SLA102'), 'SLA102 on the copy');
    const finding = before.find((d) => codeOf(d) === 'SLA102')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range, vscode.CodeActionKind.QuickFix.value, 10);
    const fix = actions.find((a) => /period\.timezone/.test(a.title));
    assert.ok(fix, `a timezone fix among: ${actions.map((a) => a.title).join(' | ')}`);
    // (vscode.executeCodeActionProvider does not carry an action's `diagnostics` back; the title names the fix.)
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(editor.document.getText(), /timezone:/);
    const after = await diagnosticsWhere(uri, (d) => !codes(d).includes('SLA102') && codes(d).includes('SLA101'), 'SLA102 gone, the others still there');
    assert.ok(!codes(after).includes('SLA102'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    fs.rmSync(uri.fsPath);
  });

  it('restarts the language server, which then serves again', async () => {
    const uri = draft.document.uri;
    await vscode.window.showTextDocument(draft.document);
    const republished = nextDiagnosticsChange(uri, 'the diagnostics after the restart');
    await vscode.commands.executeCommand('modelSla.restartServer');
    await republished;
    const diagnostics = await diagnosticsWhere(uri, (d) => codes(d).includes('SLA102'), 'SLA102 again after the restart');
    assert.ok(diagnostics.length > 0, describeDiagnostics(diagnostics));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionAfter(draft.document, 'percentileMethod', 2));
    assert.ok(hovers.length > 0, 'hover answers after the restart');
  });

  it('restarts a server process that was killed, and serves again', async () => {
    const uri = draft.document.uri;
    await vscode.window.showTextDocument(draft.document);
    const pid = serverPid();
    assert.ok(pid, 'the language server is a child process of the extension host');
    process.kill(pid, 'SIGKILL');
    // The client notices, restarts the server (restartPolicy.ts), re-opens the documents in it.
    const after = await eventually(async () => { const p = serverPid(); return p && p !== pid ? p : undefined; }, `a new server process (was ${pid})`, 60_000);
    assert.notEqual(after, pid);
    const hovers = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionAfter(draft.document, 'percentileMethod', 2));
      return found.length ? found : undefined;
    }, 'a hover from the restarted server', 60_000);
    assert.ok(hovers.length > 0);
    await diagnosticsWhere(uri, (d) => codes(d).includes('SLA102') && codes(d).includes('SLA101'), 'the findings from the restarted server', 60_000);
  });

  it('shows compliance code lenses on each objective', async () => {
    const editor = await open('churn-external.sla.yaml');
    const lenses = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
      return found.length >= 3 ? found : undefined;
    }, 'code lenses on churn-external.sla.yaml');
    const status = lenses.filter((l) => l.command?.command !== 'modelSla.explainWindow');
    const titles = status.map((l) => l.command?.title ?? '');
    assert.ok(titles.every((t) => /^(✓ met|✗ breached|✗ at risk|◌ provisional|○ no data|⚠ invalid)/.test(t)), titles.join(" | "));
    assert.ok(titles.some((t) => /p99 [\d.]+ms vs <= 400ms/.test(t)), titles.join(' | '));
    assert.equal(status[0]!.command?.command, 'modelSla.showPreviewToSide');
    // Beside each objective's status (not an invalid one): Explain, its latest window.
    const explain = lenses.filter((l) => l.command?.command === 'modelSla.explainWindow');
    assert.equal(explain.length, status.filter((l) => !l.command!.title.startsWith('⚠')).length);
    const p99 = explain.find((l) => l.command?.arguments?.[1] === 'latency-p99');
    assert.ok(p99, explain.map((l) => JSON.stringify(l.command?.arguments)).join(' | '));
    assert.equal(p99.command!.title, 'Explain');
    assert.deepEqual(p99.command!.arguments!.slice(0, 3), [editor.document.uri.toString(), 'latency-p99', 'latest']);
  });

  it('opens the compliance preview as a webview panel', async () => {
    await open('churn-external.sla.yaml');
    await vscode.commands.executeCommand('modelSla.showPreview');
    // The tab model reaches the extension host after the panel is created, not with the command's
    // return: wait for it (on tab changes) instead of reading it once.
    const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    const preview = await eventually(async () => webviewTabs().find((t) => (t.input as vscode.TabInputWebview).viewType.endsWith('modelSla.preview')),
      'a modelSla.preview tab', 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; webview tabs: ${webviewTabs().map((t) => (t.input as vscode.TabInputWebview).viewType).join(', ') || '(none)'}`);
    });
    assert.match(preview.label, /Compliance/);
  });

  it('the walkthrough\'s preview button previews the last active SLA editor while the walkthrough is in front', async () => {
    const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
    const previews = webviewTabs().filter((t) => (t.input as vscode.TabInputWebview).viewType.endsWith('modelSla.preview'));
    if (previews.length) await vscode.window.tabGroups.close(previews);
    await open('draft-search-ranking.sla.yaml');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#modelSla.firstSla`, false);
    await eventually(async () => (vscode.window.activeTextEditor === undefined ? true : undefined), 'the walkthrough in front (no active text editor)', 30_000);
    await vscode.commands.executeCommand('modelSla.showPreviewToSide');
    const preview = await eventually(async () => webviewTabs().find((t) => (t.input as vscode.TabInputWebview).viewType.endsWith('modelSla.preview')), 'a modelSla.preview tab', 30_000);
    assert.match(preview.label, /draft-search-ranking\.sla\.yaml/);
  });

  it('Show documentation opens the shipped rule page in the markdown preview', async () => {
    await vscode.commands.executeCommand('modelSla.showRuleDocs', 'SLA101');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const page = await eventually(async () => tabs().find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && /SLA101/.test(t.label)),
      'a markdown preview of SLA101.md', 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; tabs: ${tabs().map((t) => t.label).join(', ')}`);
    });
    assert.ok(page);
  });
  it('Generate Prometheus Rules beside an existing rules file: a diff of it against the generated text, in the group right of the SLA; run again: the same document, no new group', async () => {
    const rulesFile = workspaceFile('churn-prometheus.rules.yml');
    const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const diffsOf = (file: vscode.Uri) => allTabs().filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === file.toString());
    const untitledRules = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && d.getText().includes('ModelSlaErrorBudgetBurn'));
    const sla = await vscode.workspace.openTextDocument(workspaceFile('churn-prometheus.sla.yaml'));
    await vscode.window.showTextDocument(sla, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('modelSla.generatePrometheusRules');
    // churn-prometheus.rules.yml exists (committed): the file on disk left, the generated text right.
    const diff = await eventually(async () => diffsOf(rulesFile)[0], 'a diff of churn-prometheus.rules.yml', 30_000);
    assert.equal(diff.label, 'churn-prometheus.rules.yml (on disk) ↔ generated');
    const modified = (diff.input as vscode.TabInputTextDiff).modified;
    assert.equal(modified.scheme, 'untitled');
    const rules = await eventually(async () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === modified.toString() && d.getText().includes('ModelSlaErrorBudgetBurn') ? d : undefined), 'the generated rules', 30_000);
    assert.equal(rules.languageId, 'yaml');
    assert.ok(diff.group.viewColumn > vscode.ViewColumn.One, 'in a group right of the SLA\'s');
    // The same text as the committed, CLI-generated file; the header names the SLA by its file name,
    // as `model-sla generate prometheus-rules churn-prometheus.sla.yaml` in its folder does.
    const committed = fs.readFileSync(rulesFile.fsPath, 'utf8');
    const body = (t: string) => t.split('\n').slice(1).join('\n');
    assert.equal(body(rules.getText()), body(committed));
    assert.equal(rules.getText().split('\n')[0], '# Generated by model-sla from churn-prometheus.sla.yaml: do not edit, generate again.');

    // Run again (from the SLA's editor): the same untitled document, replaced; the same diff; no new group, no Untitled-N pile.
    const groups = vscode.window.tabGroups.all.length;
    await vscode.window.showTextDocument(sla, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('modelSla.generatePrometheusRules');
    await vscode.window.showTextDocument(sla, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('modelSla.generatePrometheusRules');
    assert.deepEqual(untitledRules().map((d) => d.uri.toString()), [rules.uri.toString()]);
    assert.equal(diffsOf(rulesFile).length, 1, allTabs().map((t) => t.label).join(' | '));
    assert.equal(vscode.window.tabGroups.all.length, groups);
  });

  it('Export as OpenSLO: a diff against the existing file, reused when run again; where no file exists, an untitled document named beside the SLA', async () => {
    const opensloFile = workspaceFile('churn-prometheus.openslo.yaml');
    const diffsOf = (file: vscode.Uri) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === file.toString());
    const sla = await vscode.workspace.openTextDocument(workspaceFile('churn-prometheus.sla.yaml'));
    await vscode.window.showTextDocument(sla, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('modelSla.exportOpenSlo');
    const diff = await eventually(async () => diffsOf(opensloFile)[0], 'a diff of churn-prometheus.openslo.yaml', 30_000);
    assert.equal(diff.label, 'churn-prometheus.openslo.yaml (on disk) ↔ generated');
    const openslo = await eventually(async () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === (diff.input as vscode.TabInputTextDiff).modified.toString() && d.getText().includes('kind: SLO') ? d : undefined), 'the untitled OpenSLO document', 30_000);
    assert.match(openslo.getText(), /apiVersion: openslo\/v1/);
    await vscode.window.showTextDocument(sla, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('modelSla.exportOpenSlo');
    assert.deepEqual(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && d.getText().includes('kind: SLO')).map((d) => d.uri.toString()), [openslo.uri.toString()]);
    // Where no such file exists, the untitled document is named beside the SLA, so Save puts it there.
    fs.rmSync(opensloFile.fsPath);
    await vscode.window.showTextDocument(sla, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('modelSla.exportOpenSlo');
    await eventually(async () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'untitled' && d.uri.path.endsWith('/examples/churn-prometheus.openslo.yaml') && d.getText().includes('kind: SLO') ? d : undefined), 'the untitled churn-prometheus.openslo.yaml', 30_000);
  });

  it('Generate Prometheus Rules on an SLA without ratio objectives on Prometheus metrics opens nothing (no `groups: []`)', async () => {
    const untitled = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled' && !d.isClosed).map((d) => d.uri.toString()).sort();
    await open('churn-external.sla.yaml');
    const before = untitled();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    await vscode.commands.executeCommand('modelSla.generatePrometheusRules');
    assert.deepEqual(untitled(), before);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.getText().trim() === 'groups: []' || d.getText().includes('\ngroups: []')), 'no empty rules document');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabs);
  });

  it('Import OpenSLO File… writes the SLA and the linter shows what OpenSLO left open', async () => {
    const source = workspaceFile('imported.openslo.yaml');
    const text = 'apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: search-slo }\nspec:\n  service: web-shop\n  indicator:\n    metadata: { name: search-latency }\n    spec:\n      thresholdMetric:\n        metricSource: { type: Prometheus, spec: { query: \'search_seconds{job="search"}\' } }\n  timeWindow: [{ duration: 2w, isRolling: true }]\n  budgetingMethod: Occurrences\n  objectives: [{ op: lt, value: 500, target: 0.99 }]\n';
    await vscode.workspace.fs.writeFile(source, new TextEncoder().encode(text));
    const target = workspaceFile('imported.sla.yaml');
    await vscode.commands.executeCommand('modelSla.importOpenSlo', source, target);
    assert.ok(fs.existsSync(target.fsPath), 'the SLA file is written');
    const diagnostics = await eventually(async () => { const d = vscode.languages.getDiagnostics(target); return codes(d).includes('SLA101') ? d : undefined; }, 'SLA101 on the imported SLA', 30_000);
    assert.ok(codes(diagnostics).includes('SLA002'), codes(diagnostics).join(' ')); // `< 500` has no unit: OpenSLO did not say
  });

  it('with modelSla.generate.prometheusRulesOnSave, saving the SLA writes its rules beside it', async () => {
    const rules = workspaceFile('churn-prometheus.rules.yml');
    fs.rmSync(rules.fsPath, { force: true });
    await vscode.workspace.getConfiguration('modelSla').update('generate.prometheusRulesOnSave', true, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await open('churn-prometheus.sla.yaml');
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# saved once more\n'));
      await editor.document.save();
      await eventually(async () => (fs.existsSync(rules.fsPath) && fs.readFileSync(rules.fsPath, 'utf8').includes('ModelSlaErrorBudgetBurn') ? true : undefined), 'churn-prometheus.rules.yml written on save', 30_000);
    } finally {
      await vscode.workspace.getConfiguration('modelSla').update('generate.prometheusRulesOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

/** The parts of the extension's API (client/src/extension.ts ModelSlaApi) the view's tests read. */
interface ViewApi {
  standing: {
    readonly standing: StandingResult | undefined;
    readonly view: vscode.TreeView<StandingNode>;
    readonly statusItem: vscode.StatusBarItem;
    readonly onDidRefresh: vscode.Event<StandingResult>;
    nodes(): StandingNode[];
    getTreeItem(node: StandingNode): vscode.TreeItem;
    refresh(): Promise<StandingResult | undefined>;
  };
  explain: {
    readonly current: { params: { uri: string; objective: string; window: string }; explanation: NonNullable<ExplainResult['explanation']> | undefined; visible: boolean } | undefined;
    openRow(kind: 'evidence' | 'run', index: number): Promise<vscode.TextEditor | undefined>;
  };
}

/** (The suite is compiled file by file, not bundled: the model's types only.) */
const childrenOf = (node: StandingNode): StandingNode[] => (node.kind === 'objective' ? [] : node.children);

describe('The Model SLA view', () => {
  let api: ViewApi;
  const cli = (file: string) => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    // (`report` exits 1 when an objective is breached: its JSON is on stdout all the same.)
    return JSON.parse(spawnSync(process.execPath, [`${extension.extensionPath}/bin/model-sla.js`, 'report', file, '--format', 'json'], { cwd: folder, encoding: 'utf8' }).stdout) as
      { sla: string; objectives: { id: string; status: string; windows: { partial: boolean }[] }[] } | { sla: string; objectives: { id: string; status: string; windows: { partial: boolean }[] }[] }[];
  };
  const all = (nodes: StandingNode[]): StandingNode[] => nodes.flatMap((n) => [n, ...all(childrenOf(n))]);
  const objectiveNode = (file: string, sla: string, id: string): ObjectiveNode => {
    const found = all(api.standing.nodes()).find((n): n is ObjectiveNode => n.kind === 'objective' && n.fileUri.endsWith(`/${file}`) && n.slaName === sla && n.objective.id === id);
    assert.ok(found, `${file} ${sla}/${id} in the view: ${all(api.standing.nodes()).map((n) => n.id).join(', ')}`);
    return found;
  };
  /** The next answer the view shows that satisfies `predicate` (or the current one). */
  const standingWhere = (predicate: (r: StandingResult) => boolean, what: string, timeoutMs = 60_000) => new Promise<StandingResult>((resolve, reject) => {
    const now = api.standing.standing;
    if (now && predicate(now)) { resolve(now); return; }
    const subscription = api.standing.onDidRefresh((r) => { if (predicate(r)) { clearTimeout(timer); subscription.dispose(); resolve(r); } });
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last breached: ${api.standing.standing?.breached}`)); }, timeoutMs);
  });
  const hasFile = (name: string) => (r: StandingResult) => r.folders.some((f) => f.files.some((x) => x.path === name && x.slas.length > 0));

  before(async () => {
    const extension = vscode.extensions.getExtension<ViewApi>(EXTENSION_ID)!;
    api = await extension.activate();
    await vscode.commands.executeCommand('modelSla.standing.focus');
    await standingWhere((r) => hasFile('churn-external.sla.yaml')(r) && hasFile('fraud.sla.yaml')(r), 'the examples in the view');
  });

  it('lists the example workspace\'s SLAs with their statuses, as the CLI reports them', async () => {
    // Focusing the view shows it, once the workbench has laid it out.
    for (let i = 0; i < 50 && !api.standing.view.visible; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.standing.view.visible, 'the view is shown');
    const roots = api.standing.nodes();
    // One workspace folder: no folder level; the SLA files at the top.
    assert.ok(roots.every((n) => n.kind === 'file'), roots.map((n) => n.kind).join());
    const files = roots.map((n) => (n.kind === 'file' ? n.file.path : ''));
    for (const name of ['churn-external.sla.yaml', 'churn-internal.sla.yaml', 'fraud.sla.yaml', 'draft-search-ranking.sla.yaml']) assert.ok(files.includes(name), `${name} in ${files.join(', ')}`);
    for (const file of ['churn-external.sla.yaml', 'churn-internal.sla.yaml', 'fraud.sla.yaml']) {
      const reports = [cli(file)].flat();
      for (const report of reports) {
        for (const o of report.objectives) {
          const node = objectiveNode(file, report.sla, o.id);
          const partial = o.windows.at(-1)?.partial;
          const expected = o.status === 'met' ? (partial ? 'met-so-far' : 'met') : o.status;
          assert.equal(node.objective.status, expected, `${file} ${report.sla}/${o.id}`);
          const item = api.standing.getTreeItem(node);
          assert.equal(item.label, o.id);
          const icon = item.iconPath as vscode.ThemeIcon;
          assert.equal(icon.id, { met: 'pass-filled', 'met-so-far': 'pass', breached: 'error', 'no-data': 'question' }[expected as 'met']);
          // With what the latest final breach obliges, when it obliges anything (spec §8.2).
          const owed = node.objective.owed;
          assert.equal(item.description, owed ? `${node.objective.description} · ${owed.window} owes: ${owed.text}` : node.objective.description);
          assert.ok(item.tooltip instanceof vscode.MarkdownString && item.tooltip.value.includes('| Window | Status | Value |'), `${o.id}'s tooltip lists its windows`);
        }
      }
    }
    const p99 = api.standing.getTreeItem(objectiveNode('churn-external.sla.yaml', 'churn-external', 'latency-p99'));
    assert.match(String(p99.description), /^p99 237\.2 ms ≤ 400 ms/);
    const f1 = api.standing.getTreeItem(objectiveNode('churn-internal.sla.yaml', 'churn-internal', 'f1-holdout'));
    assert.equal((f1.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(f1.contextValue, 'objective.computed');
    facts.standingObjectives = all(roots).filter((n) => n.kind === 'objective').length;
  });

  it('a click on an objective reveals it in its SLA file', async () => {
    const node = objectiveNode('fraud.sla.yaml', 'fraud-scoring-external', 'availability-minutes');
    const item = api.standing.getTreeItem(node);
    assert.ok(item.command, 'the objective has a click command');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith('/fraud.sla.yaml'), editor?.document.uri.path);
    assert.equal(editor.selection.active.line, node.objective.line);
    assert.match(editor.document.lineAt(node.objective.line).text, /^\s*-?\s*id: availability-minutes/);
    // The second SLA of the file: past the first one's objective of the same id.
    assert.ok(node.objective.line > objectiveNode('fraud.sla.yaml', 'fraud-scoring-internal', 'availability-minutes').objective.line);
    // The tree can reveal a node (getParent): selecting it shows its SLA and file expanded.
    await api.standing.view.reveal(node, { select: true, focus: false, expand: true });
  });

  it('a breached objective shows in the badge and the status bar; a new breach is counted, the filter shows only breached', async () => {
    const before = await standingWhere((r) => r.breached > 0, 'breached objectives');
    const breached = all(api.standing.nodes()).filter((n) => n.kind === 'objective' && n.objective.status === 'breached').length;
    assert.equal(before.breached, breached);
    assert.equal(api.standing.view.badge?.value, breached);
    assert.equal(api.standing.view.badge?.tooltip, `${breached} objective${breached === 1 ? '' : 's'} breached`);
    // Then, when some objective has no verdict, how many (`· 1 without data`).
    assert.ok(api.standing.statusItem.text.startsWith(`$(error) ${breached} objective${breached === 1 ? '' : 's'} breached`), api.standing.statusItem.text);
    assert.equal((api.standing.statusItem.command as vscode.Command).command, 'modelSla.standing.focus');
    facts.standingBreached = breached;

    // An SLA file created on disk (the same SLA with a stricter p99): the server says the standing changed, the view asks again.
    const strict = workspaceFile('e2e-strict.sla.yaml');
    const source = fs.readFileSync(workspaceFile('churn-external.sla.yaml').fsPath, 'utf8');
    fs.writeFileSync(strict.fsPath, source.replace('name: churn-external', 'name: churn-strict').replace('target: "<= 400ms"', 'target: "<= 200ms"'));
    try {
      const t0 = Date.now();
      const after = await standingWhere((r) => hasFile('e2e-strict.sla.yaml')(r) && r.breached === breached + 1, `${breached + 1} breached with e2e-strict.sla.yaml`);
      facts.standingNewFileMs = Date.now() - t0;
      assert.equal(api.standing.view.badge?.value, after.breached);
      assert.ok(api.standing.statusItem.text.startsWith(`$(error) ${after.breached} objectives breached`), api.standing.statusItem.text);
      assert.equal(objectiveNode('e2e-strict.sla.yaml', 'churn-strict', 'latency-p99').objective.status, 'breached');

      await vscode.commands.executeCommand('modelSla.standing.showOnlyBreached');
      const shown = all(api.standing.nodes()).filter((n): n is ObjectiveNode => n.kind === 'objective');
      assert.equal(shown.length, after.breached);
      assert.ok(shown.every((n) => n.objective.status === 'breached'));
      assert.equal(api.standing.view.description, 'only breached');
      await vscode.commands.executeCommand('modelSla.standing.showAll');
      assert.ok(all(api.standing.nodes()).filter((n) => n.kind === 'objective').length > after.breached);
    } finally {
      fs.rmSync(strict.fsPath, { force: true });
    }
    await standingWhere((r) => !hasFile('e2e-strict.sla.yaml')(r) && r.breached === breached, 'the strict SLA gone again');
    assert.equal(api.standing.view.badge?.value, breached);
  });

  it('Explain (the view\'s inline action, a code lens, the preview) opens the explanation; its evidence opens the metric file at the cited line', async () => {
    const uri = workspaceFile('churn-external.sla.yaml').toString();
    const result = await vscode.commands.executeCommand<ExplainResult | undefined>('modelSla.explainWindow', uri, 'latency-p99', 'latest');
    assert.ok(result?.explanation, `an explanation: ${result?.error}`);
    const x = result.explanation;
    assert.equal(x.method, 'nearest-rank');
    assert.equal(typeof x.rank, 'number');
    const evidence = x.evidence[0]!;
    assert.equal(evidence.file, 'metrics/churn-latency.csv');
    // Titled by the window explained (the tab model reaches the extension host a little later).
    await eventually(async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelSla.explain') && t.label === 'Explain: latency-p99 · 2026-10'), 'the explanation panel titled "Explain: latency-p99 · 2026-10"', 30_000)
      .catch((error: unknown) => { throw new Error(`${String(error)}; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(' | ')}`); });
    assert.equal(api.explain.current?.explanation?.objective, 'latency-p99');

    const editor = await api.explain.openRow('evidence', 0);
    assert.ok(editor, 'the evidence row opens');
    assert.ok(editor.document.uri.path.endsWith('/metrics/churn-latency.csv'), editor.document.uri.path);
    assert.equal(editor.selection.start.line, evidence.line! - 1);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString());
    const row = editor.document.lineAt(evidence.line! - 1).text;
    assert.ok(row.startsWith(evidence.timestamp.replace('.000Z', 'Z')) && row.includes(String(evidence.value)), `line ${evidence.line}: ${row}`);

    // From the view: an objective node of the second SLA of a multi-document file explains that SLA's objective.
    const node = objectiveNode('fraud.sla.yaml', 'fraud-scoring-external', 'availability-minutes');
    const fromView = await vscode.commands.executeCommand<ExplainResult | undefined>('modelSla.explainWindow', node);
    assert.equal(fromView?.explanation?.sla, 'fraud-scoring-external');
    assert.equal(fromView?.explanation?.status, node.objective.status === 'breached' ? 'breached' : 'met');
    assert.ok((fromView?.explanation?.slices?.total ?? 0) > 0, 'timeslices: the slice counts');

    // The preview's window rows explain that window (the message the webview posts).
    const named = await vscode.commands.executeCommand<ExplainResult | undefined>('modelSla.explainWindow', uri, 'availability', '2026-09', 'churn-external');
    assert.equal(named?.explanation?.window, '2026-09');
    assert.equal(named?.explanation?.status, 'breached');
    assert.ok((named?.explanation?.good ?? 0) < (named?.explanation?.total ?? 0));

    // A window that does not exist: an answer with why, no explanation.
    const wrong = await vscode.commands.executeCommand<ExplainResult | undefined>('modelSla.explainWindow', uri, 'latency-p99', '1999-01');
    assert.equal(wrong?.explanation, null);
    assert.match(wrong?.error ?? '', /no window `1999-01`/);
  });
});
