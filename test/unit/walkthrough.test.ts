/**
 * The walkthrough as package.json declares it: texts VS Code renders as they are (its step
 * descriptions render links and bold, not code spans), a button per action, and steps that
 * complete on what actually happened rather than on a click.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../helpers';
import { newSlaTemplate, resolvePlaceholders } from '../../server/src/service/newSlaTemplate';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionSource = readFileSync(join(root, 'client', 'src', 'extension.ts'), 'utf8');
const [walkthrough] = pkg.contributes.walkthroughs as { title: string; description: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[];
const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
/** `[label](command:id)` alone on a line: VS Code shows it as a button. */
const buttons = (description: string) => description.split('\n').flatMap((line) => {
  const m = /^\[([^\]]+)\]\(command:([\w.]+)\)$/.exec(line.trim());
  return m ? [{ label: m[1], command: m[2] }] : [];
});

describe('walkthrough', () => {
  test('titles and descriptions have no literal backticks', () => {
    for (const text of [walkthrough.title, walkthrough.description, ...walkthrough.steps.flatMap((s) => [s.title, s.description])]) {
      assert.ok(!text.includes('`'), text);
    }
  });
  test('step 1 has a button that creates an SLA file, and completes when one was created', () => {
    const create = walkthrough.steps[0];
    const [button] = buttons(create.description);
    assert.ok(button, create.description);
    assert.equal(button.command, 'modelSla.newSlaFile');
    assert.ok(commands.has('modelSla.newSlaFile'));
    assert.match(extensionSource, /registerCommand\('modelSla\.newSlaFile'/);
    assert.deepEqual(create.completionEvents, ['onContext:modelSla.slaFileCreated']);
    assert.match(readFileSync(join(root, 'client', 'src', 'newSlaFile.ts'), 'utf8'), /setContext', CREATED_CONTEXT, true/);
  });
  test('the preview step has its button and completes when a preview opened, not on the click', () => {
    const preview = walkthrough.steps.find((s) => s.id === 'preview')!;
    assert.deepEqual(buttons(preview.description).map((b) => b.command), ['modelSla.showPreviewToSide']);
    assert.ok(!(preview.completionEvents ?? []).some((e) => e.startsWith('onCommand:')), 'a click that opens nothing must not tick the step');
    assert.deepEqual(preview.completionEvents, ['onContext:modelSla.previewOpened']);
    const manager = readFileSync(join(root, 'client', 'src', 'preview', 'previewManager.ts'), 'utf8');
    assert.match(manager, /PREVIEW_OPENED_CONTEXT = 'modelSla\.previewOpened'/);
  });
  test('every button runs a contributed command, every media file exists', () => {
    for (const step of walkthrough.steps) {
      for (const b of buttons(step.description)) assert.ok(commands.has(b.command), b.command);
      if (step.media.markdown) assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
    }
  });
  test('the rule pages ship in the VSIX (Show documentation opens them)', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!docs/rules/*.md'));
    assert.ok(existsSync(join(root, 'docs', 'rules', 'SLA101.md')));
  });
});

describe('new SLA file template', () => {
  test('the template of New SLA File, its placeholders taken as they are, is an SLA without errors', () => {
    const snippet = newSlaTemplate();
    assert.ok(snippet && snippet.startsWith('apiVersion:'), snippet);
    assert.match(snippet, /\$\{1:/, 'placeholders kept for the editor');
    const errors = diagnose(resolvePlaceholders(snippet)).filter((d) => d.severity === 1);
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), []);
  });
});
