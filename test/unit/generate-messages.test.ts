/**
 * What the editor's generate commands say and where they put the generated text
 * (client/src/generateMessages.ts), and how package.json offers them: the refusal names the error
 * count, the first error and its line without nested parentheses; the notes are "what was left out"
 * for rules and "what was carried in annotations" for OpenSLO; regenerate-on-save warns once per
 * document until it succeeds again; a re-run reuses the group beside the SLA instead of adding one;
 * the explorer's menu has its own group, Import OpenSLO File… is not offered on the SLA, its rules
 * or .model-sla.yaml; the Settings editor shows the settings under "Model SLA", not "Model Sla".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OncePerDocument, diffTitle, generatedColumn, generatedMessage, refusalMessage, type GroupView } from '../../client/src/generateMessages';

describe('messages', () => {
  test('a refusal: the count, the first error and its line; no nested parentheses', () => {
    const notes = [
      '12:13 SLA002 `target` in objective `availability` must be a string; found `12` (a number).',
      '20:3 SLA003 objective `x`: unknown metric `y`',
    ];
    const message = refusalMessage('prometheus-rules', notes);
    assert.equal(message, 'Model SLA: no Prometheus rules — fix 2 errors first: `target` in objective `availability` must be a string; found `12` (a number) (line 12)');
    assert.doesNotMatch(message, /\)\)/);
    assert.equal(refusalMessage('openslo', notes.slice(0, 1)).split(':')[1], ' no OpenSLO documents — fix 1 error first');
    assert.equal(refusalMessage('openslo', ['not in the usual form']), 'Model SLA: no OpenSLO documents — fix 1 error first: not in the usual form');
  });

  test('the notes: "what was left out" for rules, "what was carried in annotations" for OpenSLO', () => {
    assert.equal(generatedMessage('prometheus-rules', 2, 1), 'Model SLA: rules for 2 objectives. 1 note (what was left out) in the output.');
    assert.equal(generatedMessage('openslo', 3, 2), 'Model SLA: 3 SLOs exported. 2 notes (what was carried in annotations) in the output.');
    assert.equal(generatedMessage('prometheus-rules', 1, 0), 'Model SLA: rules for 1 objective.');
    assert.match(generatedMessage('prometheus-rules', 0, 3), /^Model SLA: no objective here can be watched by Prometheus rules .* 3 notes \(what was left out\)/);
    assert.doesNotMatch(generatedMessage('prometheus-rules', 2, 1), /annotations/);
    assert.doesNotMatch(generatedMessage('openslo', 2, 1), /left out/);
  });

  test('the diff\'s title names the file on disk and the generated text', () => {
    assert.equal(diffTitle('churn.rules.yml'), 'churn.rules.yml (on disk) ↔ generated');
  });

  test('regenerate-on-save warns once per document, and again only after a success in between', () => {
    const once = new OncePerDocument();
    assert.equal(once.failed('file:///a.sla.yaml'), true);
    assert.equal(once.failed('file:///a.sla.yaml'), false, 'not on every save');
    assert.equal(once.failed('file:///b.sla.yaml'), true, 'per document');
    once.succeeded('file:///a.sla.yaml');
    assert.equal(once.failed('file:///a.sla.yaml'), true, 'broken again after a good save: warned again');
  });
});

describe('the group of the generated document', () => {
  const group = (viewColumn: number, flags: Partial<GroupView> = {}): GroupView => ({ viewColumn, active: false, showsGenerated: false, showsSla: false, ...flags });

  test('one group: beside it (a new group)', () => {
    assert.equal(generatedColumn([group(1, { active: true, showsSla: true })]), 'beside');
  });
  test('run again: the group that shows the generated document (or its diff), not another new one', () => {
    assert.equal(generatedColumn([group(1, { active: true, showsSla: true }), group(2, { showsGenerated: true })]), 2);
    assert.equal(generatedColumn([group(1, { showsGenerated: true }), group(2, { active: true, showsSla: true })]), 1);
  });
  test('a group right of the SLA\'s is reused', () => {
    assert.equal(generatedColumn([group(1, { active: true, showsSla: true }), group(2), group(3)]), 2);
    assert.equal(generatedColumn([group(1), group(2, { active: true, showsSla: true }), group(3)]), 3);
  });
  test('from the explorer with another group active: right of the SLA\'s group', () => {
    assert.equal(generatedColumn([group(1, { showsSla: true }), group(2, { active: true })]), 2);
    assert.equal(generatedColumn([group(1, { active: true }), group(2, { showsSla: true })]), 3);
  });
  test('no group shows the SLA: right of the active one', () => {
    assert.equal(generatedColumn([group(1, { active: true }), group(2)]), 2);
    assert.equal(generatedColumn([group(1, { active: true })]), 'beside');
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

  /** A when clause of the forms package.json uses, for a file name: `=~` regexes, `!`, `&&`, `||`, parentheses. */
  function when(clause: string, fileName: string): boolean {
    const ext = /\.[^.]*$/.exec(fileName.replace(/^\./, 'x.'))?.[0] ?? '';
    const js = clause.replace(/(resourceFilename|resourceExtname)\s*=~\s*\/((?:\\.|[^/])+)\/([a-z]*)/g, (_, key: string, source: string, flags: string) =>
      JSON.stringify(new RegExp(source, flags).test(key === 'resourceFilename' ? fileName : ext)));
    assert.match(js, /^[\s()!&|truefals]+$/, `only the forms this test reads: ${clause}`);
    return Boolean(new Function(`return (${js});`)());
  }

  test('the explorer\'s context menu: the commands in a group of their own, not beside Rename and Delete', () => {
    const items = pkg.contributes.menus['explorer/context'] as { command: string; group: string; when: string }[];
    const ours = items.filter((i) => i.command.startsWith('modelSla.'));
    assert.ok(ours.length >= 3);
    for (const item of ours) assert.match(item.group, /^modelSla@\d+$/, item.command);
  });

  test('Import OpenSLO File… on YAML files other than SLAs, their rules and .model-sla.yaml', () => {
    const item = (pkg.contributes.menus['explorer/context'] as { command: string; when: string }[]).find((i) => i.command === 'modelSla.importOpenSlo')!;
    for (const name of ['churn.openslo.yaml', 'slo.yml', 'checkout.yaml']) assert.equal(when(item.when, name), true, name);
    for (const name of ['churn.sla.yaml', 'churn.sla.yml', 'churn.rules.yml', 'churn.rules.yaml', '.model-sla.yaml', '.model-sla.yml', 'metrics.csv']) assert.equal(when(item.when, name), false, name);
    const generate = (pkg.contributes.menus['explorer/context'] as { command: string; when: string }[]).find((i) => i.command === 'modelSla.generatePrometheusRules')!;
    assert.equal(when(generate.when, 'churn.sla.yaml'), true);
    assert.equal(when(generate.when, 'churn.rules.yml'), false);
  });

  test('the Settings editor says "Model SLA", not "Model Sla": sections whose ids trim `modelSla.` from every setting\'s label', () => {
    // VS Code labels a setting by its key, camelCase split ("modelSla.codeLens.enable" → "Model Sla ›
    // Code Lens: Enable"), after removing its group's id from the key's front. An extension with one
    // section is grouped under the extension's id (model-sla.model-sla: nothing removed); with
    // several, under each section's id: `modelSla.…` removes `modelSla.`, so the labels read
    // "Code Lens: Enable" under the extension's name, "Model SLA". (A search labels by the whole key.)
    assert.equal(pkg.displayName, 'Model SLA');
    const sections = pkg.contributes.configuration as { id?: string; title?: string; properties: Record<string, unknown> }[];
    assert.ok(Array.isArray(sections) && sections.length >= 2, 'several sections: one would be grouped under the extension id');
    assert.equal(new Set(sections.map((s) => s.id)).size, sections.length);
    for (const section of sections) {
      assert.match(section.id ?? '', /^modelSla\.[a-z][A-Za-z]*$/);
      assert.ok(section.title && section.title !== pkg.displayName, `${section.id}: a title of its own (the extension's name would merge it into the extension's group)`);
      for (const key of Object.keys(section.properties)) assert.ok(key.startsWith('modelSla.'), key);
    }
  });
});
