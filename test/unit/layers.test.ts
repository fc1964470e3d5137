/**
 * The layers (ARCHITECTURE.md) as a test: every import of every source file is read with the
 * TypeScript parser and checked against what its layer may import. A wrong-way import (the engine
 * reaching into the service, the webview bundling the LSP client, the language service opening a
 * file) fails here with the file, the line and the rule, before it can grow into a cycle.
 * The compiler enforces the same from the other side: `server/tsconfig.pure.json` (no Node types
 * for facts/engine/protocol/service) and `client/src/preview/webview/tsconfig.json` (DOM only).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');

interface Rule {
  /** Folders (relative to the repository) whose files this rule governs; the longest match wins. */
  layer: string;
  /** Layers (folders) its files may import from, besides their own. */
  may: string[];
  /** Packages it must not import (prefix match), and whether a type-only import is still allowed. */
  forbidden: RegExp;
  typeOnlyAllowed?: boolean;
}

const NODE_OR_EDITOR = /^(node:|fs$|path$|os$|child_process$|vscode$|vscode-languageserver$|vscode-languageserver\/|vscode-languageclient|vscode-jsonrpc\/node)/;

const RULES: Rule[] = [
  { layer: 'server/src/facts', may: [], forbidden: /^(?!$)/ }, // the format's facts import nothing at all
  { layer: 'server/src/engine', may: ['server/src/facts'], forbidden: NODE_OR_EDITOR },
  { layer: 'server/src/protocol', may: ['server/src/facts', 'server/src/engine'], forbidden: NODE_OR_EDITOR },
  { layer: 'server/src/service', may: ['server/src/facts', 'server/src/engine', 'server/src/protocol', 'schemas'], forbidden: NODE_OR_EDITOR },
  { layer: 'server/src/io', may: ['server/src/facts', 'server/src/engine', 'server/src/service'], forbidden: /^(vscode$|vscode-languageclient)/ },
  { layer: 'server/src/lsp', may: ['server/src/facts', 'server/src/engine', 'server/src/protocol', 'server/src/service', 'server/src/io'], forbidden: /^(vscode$|vscode-languageclient)/ },
  { layer: 'server/src/cli', may: ['server/src/facts', 'server/src/engine', 'server/src/service', 'server/src/io'], forbidden: /^(vscode$|vscode-languageclient|vscode-languageserver\/node)/ },
  { layer: 'server/src/server.ts', may: ['server/src/lsp', 'server/src/io'], forbidden: /^(vscode$|vscode-languageclient)/ },
  { layer: 'client/src', may: ['server/src/facts', 'server/src/protocol', 'server/src/engine/render'], forbidden: /^(vscode-languageserver$|vscode-languageserver\/)/ },
  // The webview is a browser bundle: the engine's pure render helpers and the protocol's types only.
  { layer: 'client/src/preview/webview', may: ['server/src/facts', 'server/src/engine/render', 'server/src/protocol'], forbidden: /^(node:|vscode|fs$|path$)/, typeOnlyAllowed: true },
];

function ruleOf(file: string): Rule | undefined {
  return RULES.filter((r) => file === r.layer || file.startsWith(r.layer + '/')).sort((a, b) => b.layer.length - a.layer.length)[0];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

interface Import { specifier: string; line: number; typeOnly: boolean }

/** Static imports and re-exports (`import`, `export … from`, `import()`, `require()`), with whether they are type-only. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Import[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly
        || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ specifier: node.moduleSpecifier.text, line: line(node), typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, line: line(node), typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      out.push({ specifier: node.arguments[0].text, line: line(node), typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** What is wrong with one import of `file`, or undefined. */
function violation(file: string, imp: Import): string | undefined {
  const rule = ruleOf(file);
  if (!rule) return undefined;
  const where = `${file}:${imp.line} imports '${imp.specifier}'`;
  if (!imp.specifier.startsWith('.')) {
    if (rule.forbidden.test(imp.specifier) && !(rule.typeOnlyAllowed && imp.typeOnly)) return `${where}: ${rule.layer} may not import this package`;
    return undefined;
  }
  const target = relative(ROOT, resolve(ROOT, dirname(file), imp.specifier)).split(sep).join('/');
  const own = rule.layer;
  if (target === own || target.startsWith(own + '/')) return undefined;
  if (rule.may.some((m) => target === m || target.startsWith(m + '/'))) return undefined;
  return `${where} (${target}): ${own} may import only ${[own, ...rule.may].join(', ')}`;
}

const FILES = [...sourceFiles('server/src'), ...sourceFiles('client/src')];

test('every source file belongs to a layer', () => {
  assert.deepEqual(FILES.filter((f) => !ruleOf(f)), []);
});

test('no import runs the wrong way between the layers', () => {
  const problems = FILES.flatMap((f) => importsOf(f).map((i) => violation(f, i)).filter((v): v is string => !!v));
  assert.deepEqual(problems, []);
});

test('the rules catch what they are for (a wrong-way import fails)', () => {
  const at = (specifier: string, typeOnly = false): Import => ({ specifier, line: 1, typeOnly });
  assert.match(violation('server/src/engine/report.ts', at('../service/compliance'))!, /engine may import only/);
  assert.match(violation('server/src/engine/report.ts', at('node:fs'))!, /may not import this package/);
  assert.match(violation('server/src/service/parse.ts', at('../io/readTextFile'))!, /service may import only/);
  assert.match(violation('server/src/facts/measures.ts', at('../engine/percentile'))!, /facts may import only/);
  assert.match(violation('client/src/preview/webview/main.ts', at('vscode-languageserver-protocol'))!, /may not import this package/);
  assert.equal(violation('client/src/preview/webview/main.ts', at('vscode-languageserver-protocol', true)), undefined);
  assert.match(violation('client/src/preview/webview/main.ts', at('../../../../server/src/service/compliance'))!, /webview may import only/);
  assert.equal(violation('server/src/lsp/startServer.ts', at('../service/languageService')), undefined);
  assert.equal(violation('server/src/engine/evaluate/latency.ts', at('../../facts/quantities')), undefined);
});

test('no import cycle between the files of the service and the engine', () => {
  const graph = new Map<string, string[]>();
  const scope = FILES.filter((f) => /^server\/src\/(facts|engine|service|protocol)\//.test(f));
  for (const f of scope) {
    graph.set(f, importsOf(f).filter((i) => i.specifier.startsWith('.') && !i.typeOnly)
      .map((i) => relative(ROOT, resolve(ROOT, dirname(f), i.specifier)).split(sep).join('/'))
      .map((t) => (scope.includes(`${t}.ts`) ? `${t}.ts` : `${t}/index.ts`)).filter((t) => scope.includes(t)));
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (f: string, path: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') { cycles.push([...path.slice(path.indexOf(f)), f].join(' → ')); return; }
    state.set(f, 'open');
    for (const t of graph.get(f) ?? []) walk(t, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of scope) walk(f, []);
  assert.deepEqual(cycles, []);
});
