/**
 * Every text the CLI prints — check findings, report text and Markdown, messages on stderr — passes
 * through `escapeControl`: strings from an SLA or a metric file may hold ESC sequences, CR or NUL
 * that would hide or rewrite lines of a CI log or a terminal, newlines that would forge a finding
 * line, or bidirectional-override characters that reorder what is shown ("Trojan Source"). They are
 * printed as visible escapes (`\x1b`, `\r`, `\u202e`), so the line says what the file says.
 *
 * JSON and SARIF are escaped by JSON itself; HTML escapes markup and shows control characters inert.
 * Markdown gets the same escapes as text: a PR comment's table must not break on a CR either.
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

/** A copy of `value` with every string in it escaped (for rendering reports as text or Markdown). */
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
