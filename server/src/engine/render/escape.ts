/**
 * Escaping for every output, in one place. Strings from an SLA or a metric file (ids, titles,
 * descriptions, file names, data cells) may hold ESC sequences, CR or NUL that would hide or
 * rewrite lines of a CI log or a terminal, newlines that would forge a finding line, bidirectional
 * overrides that reorder what is shown ("Trojan Source"), or markup.
 *
 * - escapeControl: text (check findings, report text, stderr, messages quoting a data cell) — control
 *   characters are printed as visible escapes (`\x1b`, `\r`, `\n`, `\u202e`), so a line says what
 *   the file says and stays one line.
 * - escapeStrings: the same over every string of a value (a report before it is rendered as text).
 * - escapeHtml: control characters as above, then markup (`< > & " ' \``), safe in text and in
 *   quoted attribute values.
 * - escapeMarkdown: control characters as above, then Markdown and HTML syntax (tables, links).
 * - toJson: the one JSON writer of every JSON output (check json, SARIF, report json): valid JSON in
 *   which no control character appears raw — JSON escapes C0 itself; DEL, C1, the line and paragraph
 *   separators and the bidi controls are written as `\uXXXX` too (the value read back is unchanged).
 *
 * No imports: usable from the engine, the CLI, the server and the preview's bundle alike.
 */

// C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of `value` with every string in it passed through escapeControl. */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeControl(value) as T;
  if (Array.isArray(value)) return value.map(escapeStrings) as T;
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeStrings(v);
    return out as T;
  }
  return value;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text safe as HTML element content and inside a quoted attribute value. */
export function escapeHtml(text: string): string {
  return escapeControl(text).replace(/[&<>"'`]/g, (c) => HTML[c]);
}

/**
 * Text safe inside a Markdown table cell, list item or paragraph: one line, no pipes, no HTML, link,
 * image, code or emphasis syntax — and no more backslashes than that takes, so the Markdown still
 * reads well pasted raw into a ticket. Escaped everywhere: \ ` * _ [ ] < > | ~ & (with `[` and `<`
 * escaped no link, image, autolink or tag can open; `(`, `)`, `#`, `!` mid-line are plain text).
 * At the start, what would open a block (a heading, list or rule: # + - = 1.).
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text).replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+\-=])(?=\s|$|[#\-=])/, '$1\\$2').replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
    // Bare URLs and www. names would be auto-linked (GitHub, markdown-it's linkify): an escaped
    // character inside breaks the pattern, and the reader sees the same text.
    .replace(/:\/\//g, '\\://').replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

// Control characters JSON.stringify leaves raw (it escapes U+0000–U+001F and lone surrogates).
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `value` as indented JSON and a final newline, with no raw control character (see the header). */
export function toJson(value: unknown): string {
  // These characters can only occur inside JSON strings, where `\uXXXX` means the same character.
  return JSON.stringify(value, null, 2).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
