/**
 * Model SLA in a real VS Code: everything here goes through the VS Code API against the packaged
 * extension's real language server, on a throwaway copy of the examples/ workspace.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, codes, describe as describeDiagnostics, diagnosticsWhere, eventually, nextDiagnosticsChange } from './waitFor';

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
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.every((t) => /^(✓ met|✗ breached|○ no data|⚠ invalid)/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /p99 [\d.]+ms vs <= 400ms/.test(t)), titles.join(' | '));
    assert.equal(lenses[0]!.command?.command, 'modelSla.showPreviewToSide');
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
