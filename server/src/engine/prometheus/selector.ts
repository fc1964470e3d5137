/**
 * A Prometheus metric's selector (spec §10): only a **series selector** — a metric name and label
 * matchers — is allowed, no functions, no range, no `offset` or `@`, no operators: the tool computes
 * increases itself, exactly, from the raw samples. The text is parsed with the official PromQL
 * grammar (`@prometheus-io/lezer-promql`, the one Prometheus's own UI uses), so what Prometheus
 * would accept is accepted here and every refusal points at a column of the selector.
 */
import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface SeriesSelector {
  /** The metric name (from the leading identifier or a `__name__="…"` matcher). */
  metric: string;
  /** The other matchers, in the order written. */
  matchers: LabelMatcher[];
}

export type SelectorParse =
  | { ok: true; selector: SeriesSelector }
  /** `from`/`to`: offsets in the selector's text (0-based, `to` exclusive). */
  | { ok: false; message: string; from: number; to: number };

const EXAMPLE = '`http_requests_total{job="churn-api"}`';
const NOT_A_SELECTOR: Record<string, string> = {
  FunctionCall: 'a function call',
  AggregateExpr: 'an aggregation',
  BinaryExpr: 'an arithmetic or comparison expression',
  MatrixSelector: 'a range selector (`[5m]`)',
  SubqueryExpr: 'a subquery',
  OffsetExpr: 'an `offset` modifier',
  StepInvariantExpr: 'an `@` modifier',
  ParenExpr: 'a parenthesised expression',
  NumberDurationLiteral: 'a number',
  StringLiteral: 'a string',
  UnaryExpr: 'a signed expression',
};

/** The value of a PromQL string literal (`"…"`, `'…'` with Go escapes, or a raw `` `…` ``). */
export function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      default: return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

/** A label value as a PromQL double-quoted string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A name as PromQL writes it: bare when it is a plain identifier, else quoted (UTF-8 names). */
function nameText(name: string, metric: boolean): string {
  return (metric ? /^[a-zA-Z_:][a-zA-Z0-9_:]*$/ : /^[a-zA-Z_][a-zA-Z0-9_]*$/).test(name) ? name : quote(name);
}

/** The selector as PromQL text, optionally for another metric name (`<base>_bucket`) and with more matchers. */
export function selectorText(selector: SeriesSelector, metric = selector.metric, extra: LabelMatcher[] = []): string {
  const matchers = [...selector.matchers, ...extra];
  const name = nameText(metric, true);
  const inner = matchers.map((m) => `${nameText(m.name, false)}${m.op}${quote(m.value)}`).join(', ');
  return name.startsWith('"') ? `{${[name, inner].filter(Boolean).join(', ')}}` : `${name}{${inner}}`;
}

/** Whether `value` is matched by the matcher (Prometheus anchors regular expressions at both ends). */
export function matches(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=': return value === m.value;
    case '!=': return value !== m.value;
    case '=~': return new RegExp(`^(?:${m.value})$`, 's').test(value);
    case '!~': return !new RegExp(`^(?:${m.value})$`, 's').test(value);
  }
}

function firstError(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type.isError) return node;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const found = firstError(child);
    if (found) return found;
  }
  return undefined;
}

/**
 * Parses `text` as a series selector. `labelsChosenByTool`: labels the selector may not constrain
 * because the tool selects them itself (`le` for a histogram).
 */
export function parseSelector(text: string, labelsChosenByTool: string[] = []): SelectorParse {
  const fail = (message: string, from: number, to: number): SelectorParse => ({ ok: false, message, from: Math.max(0, from), to: Math.max(from + 1, to) });
  if (text.trim() === '') return fail(`an empty selector: write a metric name and label matchers, e.g. ${EXAMPLE}`, 0, 1);
  const tree = parser.parse(text);
  const top = tree.topNode.firstChild;
  const error = firstError(tree.topNode);
  if (error) {
    const at = Math.min(error.from, text.length);
    const near = text.slice(at, at + 12);
    return fail(`not valid PromQL at column ${at + 1}${near ? ` (near \`${near}\`)` : ' (the selector ends too early: a quote, brace or matcher is missing)'}`, at, error.to > at ? error.to : at + 1);
  }
  if (!top) return fail(`an empty selector: write a metric name and label matchers, e.g. ${EXAMPLE}`, 0, text.length);
  if (top.name !== 'VectorSelector' || top.nextSibling) {
    const what = NOT_A_SELECTOR[top.name] ?? 'not a plain series selector';
    return fail(`${what}: a Prometheus metric takes a series selector only — a metric name and label matchers, e.g. ${EXAMPLE}; the tool reads the raw samples and computes increases and percentiles exactly itself (no rate(), increase() or histogram_quantile())`, top.from, top.to);
  }
  let metric: string | undefined;
  let metricAt: [number, number] = [top.from, top.to];
  const matchers: (LabelMatcher & { from: number; to: number })[] = [];
  for (let child = top.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Identifier') {
      metric = text.slice(child.from, child.to);
      metricAt = [child.from, child.to];
    } else if (child.name === 'LabelMatchers') {
      for (let m = child.firstChild; m; m = m.nextSibling) {
        if (m.name === 'QuotedLabelName') {
          // `{"my.metric", job="x"}`: a quoted metric name (Prometheus 3's UTF-8 names).
          metric = unquote(text.slice(m.from, m.to).trim());
          metricAt = [m.from, m.to];
          continue;
        }
        if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
        const nameNode = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
        const opNode = m.getChild('MatchOp');
        const valueNode = m.getChild('StringLiteral');
        if (!nameNode || !opNode || !valueNode) return fail('an incomplete label matcher: write `label="value"`', m.from, m.to);
        const rawName = text.slice(nameNode.from, nameNode.to);
        const name = nameNode.name === 'QuotedLabelName' ? unquote(rawName) : rawName;
        const op = text.slice(opNode.from, opNode.to) as MatchOp;
        const value = unquote(text.slice(valueNode.from, valueNode.to));
        if (op === '=~' || op === '!~') {
          try { new RegExp(`^(?:${value})$`); } catch (e) {
            return fail(`the regular expression ${text.slice(valueNode.from, valueNode.to)} is not valid: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '').toLowerCase()}`, valueNode.from, valueNode.to);
          }
        }
        if (name === '__name__' && op === '=') {
          if (metric !== undefined) return fail('the metric is named twice (a name before the braces and `__name__`)', m.from, m.to);
          metric = value;
          metricAt = [m.from, m.to];
          continue;
        }
        if (name === '__name__') return fail('the metric name must be one name (`__name__="…"`), not a pattern: the tool reads one metric (and its `_bucket`/`_count` series for a histogram)', m.from, m.to);
        if (labelsChosenByTool.includes(name)) {
          return fail(`\`${name}\` is chosen by the tool: for a histogram it reads every bucket (\`le\`) and compares the objective's threshold with the bucket boundaries itself`, m.from, m.to);
        }
        matchers.push({ name, op, value, from: m.from, to: m.to });
      }
    }
  }
  if (metric === undefined || metric === '') return fail(`a selector without a metric name: name the metric, e.g. ${EXAMPLE}`, top.from, top.to);
  void metricAt;
  return { ok: true, selector: { metric, matchers: matchers.map(({ name, op, value }) => ({ name, op, value })) } };
}
