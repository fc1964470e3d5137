// What VS Code does with the completion items a server sends, for tests that judge completion as a
// user sees it: which item is selected after typing a prefix (filterText matched against the typed
// word, then score, then sortText, preselect among the best), and what text an accepted item leaves
// in the document (snippet placeholders resolved to their defaults; the line's leading whitespace
// added to every inserted line after the first unless the item says `insertTextMode: asIs`).
import { InsertTextMode, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';

/** The text of a snippet with each placeholder at its default: `${1:x}` → x, `${1|a,b|}` → a, `$1` → ''. */
export function resolveSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) { out += snippet[++i]; continue; }
    if (c !== '$') { out += c; continue; }
    const rest = snippet.slice(i);
    const tabstop = /^\$(\d+)/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest);
    if (tabstop) { i += tabstop[0].length - 1; continue; }
    const choice = /^\$\{\d+\|((?:\\.|[^,|\\])*)(?:,(?:\\.|[^|\\])*)*\|\}/.exec(rest);
    if (choice) { out += choice[1].replace(/\\(.)/g, '$1'); i += choice[0].length - 1; continue; }
    const placeholder = /^\$\{\d+:/.exec(rest);
    if (placeholder) {
      // The default runs to the matching brace (it may hold escaped braces or nested placeholders).
      let depth = 1;
      let j = i + placeholder[0].length;
      const start = j;
      for (; j < snippet.length && depth > 0; j++) {
        if (snippet[j] === '\\') { j++; continue; }
        if (snippet[j] === '{') depth++;
        else if (snippet[j] === '}') depth--;
      }
      out += resolveSnippet(snippet.slice(start, j - 1));
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}

function lineOf(text: string, line: number): string {
  return text.split(/\r\n|\n/)[line] ?? '';
}

function offsetAt(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let l = 0; l < position.line; l++) offset += lines[l].length + 1;
  return offset + position.character;
}

function editOf(item: CompletionItem, cursor: Position): { range: Range; newText: string } {
  const edit = item.textEdit;
  if (edit && 'range' in edit) return edit;
  if (edit && 'replace' in edit) return { range: edit.replace, newText: edit.newText };
  return { range: { start: cursor, end: cursor }, newText: item.insertText ?? String(item.label) };
}

/**
 * The document after accepting `item` with the cursor at `cursor`, as VS Code's snippet session
 * inserts it: placeholders at their defaults and, unless `insertTextMode` is asIs, the leading
 * whitespace of the line (up to the edit's start) put before every inserted line after the first.
 */
export function applyCompletion(text: string, item: CompletionItem, cursor: Position): string {
  const { range, newText } = editOf(item, cursor);
  let inserted = item.insertTextFormat === 2 ? resolveSnippet(newText) : newText;
  if (item.insertTextMode !== InsertTextMode.asIs) {
    const lineLeading = /^\s*/.exec(lineOf(text, range.start.line).slice(0, range.start.character))![0];
    inserted = inserted.split('\n').map((line, i) => (i === 0 ? line : lineLeading + line)).join('\n');
  }
  // The range ends at the cursor at the latest when VS Code inserts (default: insert, not replace).
  return text.slice(0, offsetAt(text, range.start)) + inserted + text.slice(offsetAt(text, range.end));
}

/** The word VS Code filters an item by: the text from the item's range start to the cursor. */
function typedWord(text: string, item: CompletionItem, cursor: Position): string {
  const { range } = editOf(item, cursor);
  if (range.start.line !== cursor.line) return '';
  return lineOf(text, cursor.line).slice(range.start.character, cursor.character);
}

/**
 * How well `word` matches `filter`, roughly as VS Code's fuzzyScore: a prefix match beats a match
 * at a word start, which beats a scattered one; the first character must match at a word start.
 * undefined: filtered out.
 */
function score(word: string, filter: string): number | undefined {
  if (word === '') return 0;
  const w = word.toLowerCase();
  const f = filter.toLowerCase();
  if (f.startsWith(w)) return 3;
  const starts = [...filter].map((c, i) => i === 0 || /[\s\-_./]/.test(filter[i - 1]) || (c !== c.toLowerCase() && filter[i - 1] === filter[i - 1].toLowerCase()));
  for (let i = 0; i < f.length; i++) if (starts[i] && f.startsWith(w, i)) return 2;
  for (let i = 0; i < f.length; i++) {
    if (!starts[i] || f[i] !== w[0]) continue;
    let k = 1;
    for (let j = i + 1; j < f.length && k < w.length; j++) if (f[j] === w[k]) k++;
    if (k === w.length) return 1;
  }
  return undefined;
}

/**
 * The items VS Code shows after the user typed up to `cursor` (the list was asked for at an earlier
 * position or at this one), in display order, and the index of the selected one.
 */
export function suggestList(text: string, items: CompletionItem[], cursor: Position): { shown: CompletionItem[]; selected: number } {
  const scored = items
    .map((item) => ({ item, score: score(typedWord(text, item, cursor), item.filterText ?? String(item.label)) }))
    .filter((x): x is { item: CompletionItem; score: number } => x.score !== undefined);
  // VS Code compares sortText (else the label) lower-cased as plain strings, not by locale.
  const key = (i: CompletionItem) => (i.sortText ?? String(i.label)).toLowerCase();
  const plain = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  scored.sort((a, b) => b.score - a.score || plain(key(a.item), key(b.item)) || plain(String(a.item.label), String(b.item.label)));
  const top = scored[0]?.score;
  const preselected = scored.findIndex((x) => x.score === top && x.item.preselect);
  return { shown: scored.map((x) => x.item), selected: Math.max(0, preselected) };
}
