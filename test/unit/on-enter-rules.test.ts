/**
 * Enter in an SLA (language-configuration.json, `editor.autoIndent: advanced`): VS Code applies the
 * first onEnterRule whose beforeText matches the text before the cursor. After a key that opens a
 * block (`latency:`, `objectives:`) the new line is indented; after a complete entry it is not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Rule { beforeText: string | { pattern: string; flags?: string }; action: { indent: string; appendText?: string } }
const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'language-configuration.json'), 'utf8')) as { onEnterRules: Rule[] };
const packageJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** The new line's indentation after Enter at the end of `line`, as VS Code computes it from the rules. */
function indentAfterEnter(line: string): string {
  const current = /^\s*/.exec(line)![0];
  for (const rule of config.onEnterRules) {
    const source = typeof rule.beforeText === 'string' ? new RegExp(rule.beforeText) : new RegExp(rule.beforeText.pattern, rule.beforeText.flags);
    if (!source.test(line)) continue;
    const base = rule.action.indent === 'indent' ? `${current}  ` : rule.action.indent === 'outdent' ? current.slice(2) : current;
    return base + (rule.action.appendText ?? '');
  }
  return current;
}

test('the rules apply: autoIndent is advanced for the language', () => {
  assert.equal(packageJson.contributes.configurationDefaults['[model-sla]']['editor.autoIndent'], 'advanced');
});

test('Enter after a key that opens a block indents by one level', () => {
  assert.equal(indentAfterEnter('objectives:'), '  ');
  assert.equal(indentAfterEnter('metrics:'), '  ');
  assert.equal(indentAfterEnter('  latency:'), '    ');
  assert.equal(indentAfterEnter('    measurement:   # where it is measured'), '      ');
  assert.equal(indentAfterEnter('  description: |'), '    ');
  assert.equal(indentAfterEnter('  "quoted key":'), '    ');
});

test('Enter after a list item key lines up with the item\'s keys (or one level in)', () => {
  assert.equal(indentAfterEnter('  - id: latency-p99'), '    ');
  assert.equal(indentAfterEnter('  - measurement:'), '      ');
});

test('Enter after a complete entry, a comment or a flow value keeps the indentation', () => {
  assert.equal(indentAfterEnter('    target: "<= 300ms"'), '    ');
  assert.equal(indentAfterEnter('  window: { calendar: month }'), '  ');
  assert.equal(indentAfterEnter('# objectives:'), '');
  assert.equal(indentAfterEnter('    description: p99 # note:'), '    ');
  assert.equal(indentAfterEnter('  start: 2026-01-01T10:00'), '  ');
});
