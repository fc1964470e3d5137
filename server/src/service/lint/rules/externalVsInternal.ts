/**
 * SLA111: an external SLA stricter than an internal SLA of the same `model` and indicator. The
 * customer promise must be the more conservative one, or the provider breaches its contract before
 * its own alarms fire. Pairs by indicator (and percentile / measure); flagged on the external target.
 */
import { parseTarget, type Quantity } from '../../../facts/quantities';
import { positionAt, type SlaDoc, type SlaFile } from '../../parse';
import { locate, nodeSpan } from '../../yamlAst';
import { objectivePath, objectivesOf, type Rule } from '../rule';
import type { SlaSummary } from '../workspaceIndex';

type Direction = 'lower' | 'higher';

/** An exact decimal `mantissa · 10^exponent` in the kind's base unit (ms, %, requests per hour). */
interface Exact { kind: string; mantissa: bigint; exponent: number }

const UNIT_FACTOR: Record<string, bigint> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n, d: 86_400_000n, w: 604_800_000n, rps: 3600n, rpm: 60n, rph: 1n, '%': 1n, '': 1n };

function exact(quantity: Quantity): Exact | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(quantity.number);
  const factor = UNIT_FACTOR[quantity.unit];
  if (!m || factor === undefined || (m[2] === '' && !m[3])) return undefined;
  const fraction = m[3] ?? '';
  const mantissa = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${fraction}`) * factor;
  return { kind: quantity.kind, mantissa, exponent: Number(m[4] ?? 0) - fraction.length };
}

/** Compares two quantities exactly (a bare ratio in [0, 1] against a percentage is scaled to %); undefined when not comparable. */
export function compareExact(a: Quantity, b: Quantity): -1 | 0 | 1 | undefined {
  let x = exact(a);
  let y = exact(b);
  if (!x || !y) return undefined;
  if (x.kind !== y.kind) {
    const asPercent = (e: Exact): Exact => ({ kind: 'percent', mantissa: e.mantissa, exponent: e.exponent + 2 });
    if (x.kind === 'number' && y.kind === 'percent') x = asPercent(x);
    else if (x.kind === 'percent' && y.kind === 'number') y = asPercent(y);
    else return undefined;
  }
  const e = Math.min(x.exponent, y.exponent);
  const X = x.mantissa * 10n ** BigInt(x.exponent - e);
  const Y = y.mantissa * 10n ** BigInt(y.exponent - e);
  return X < Y ? -1 : X > Y ? 1 : 0;
}

/** Which way the target's bound is better for the consumer (a stricter promise). */
function strictness(target: string): { quantity: Quantity; direction: Direction } | undefined {
  const parsed = parseTarget(target);
  if (!parsed.ok) return undefined;
  const { op, quantity } = parsed.value;
  return { quantity, direction: op.startsWith('<') ? 'lower' : 'higher' };
}

function key(o: { indicator?: string; percentile?: string; measure?: string; threshold?: string }): string {
  return [o.indicator, o.percentile ?? '', o.measure ?? '', o.threshold !== undefined ? `threshold:${o.threshold}` : ''].join('|');
}

export const externalVsInternal: Rule = {
  codes: ['SLA111'],
  check({ sla, file, doc, workspace, report }) {
    if (sla.scope !== 'external' || typeof sla.model !== 'string') return;
    // The other documents of this file are read from the current text (the index may lag behind it).
    const sameFile = file.docs.filter((d) => d !== doc).flatMap((d) => summarizeDoc(file, d));
    const others = (workspace?.slas() ?? []).filter((s) => s.uri !== file.uri);
    const internals = [...sameFile, ...others].filter((s) => s.scope === 'internal' && s.model === sla.model);
    if (internals.length === 0) return;
    for (const { objective, index, label } of objectivesOf(sla)) {
      if (typeof objective.target !== 'string' || typeof objective.indicator !== 'string') continue;
      const ours = strictness(objective.target);
      if (!ours) continue;
      for (const internal of internals) {
        const match = internal.objectives.find((o) => typeof o.target === 'string' && key(o) === key(objective));
        if (!match) continue;
        const theirs = strictness(match.target!);
        if (!theirs || theirs.direction !== ours.direction) continue;
        const order = compareExact(ours.quantity, theirs.quantity);
        if (order === undefined) continue;
        const stricter = ours.direction === 'lower' ? order < 0 : order > 0;
        if (!stricter) continue;
        report({
          code: 'SLA111',
          message: `${label} promises \`${objective.target}\` to the customer, stricter than the internal \`${match.target}\` of \`${internal.name ?? '?'}\` (${where(internal, file.uri)}, objective \`${match.id ?? '?'}\`): the contract would breach before the team's own objective does. Make the external target the more conservative one.`,
          at: { path: [...objectivePath(index), 'target'], as: 'value' },
          fixes: [{ title: `Use the internal target \`${match.target}\``, kind: 'replaceValue', path: [...objectivePath(index), 'target'], value: `"${match.target}"`, preferred: true }],
        });
        break;
      }
    }
  },
};

function where(s: SlaSummary, currentUri: string): string {
  const name = s.uri === currentUri ? 'this file' : decodeURIComponent(s.uri.replace(/^.*\//, ''));
  return s.nameLine !== undefined ? `${name}:${s.nameLine + 1}` : name;
}

/** What SLA111 needs of one document of the file being linted. */
function summarizeDoc(file: SlaFile, doc: SlaDoc): SlaSummary[] {
  const v = doc.value as Record<string, any> | undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const line = (path: (string | number)[]) => {
    const span = nodeSpan(locate(doc.yaml, path)?.node);
    return span ? positionAt(file, span[0]).line : undefined;
  };
  const objectives = (Array.isArray(v.objectives) ? v.objectives : []).flatMap((o: any, i: number) => (o && typeof o === 'object' && !Array.isArray(o)
    ? [{ id: str(o.id), indicator: str(o.indicator), percentile: str(o.percentile), measure: str(o.measure), target: str(o.target), threshold: str(o.threshold), line: line(['objectives', i, 'target']) ?? 0, path: ['objectives', i] }]
    : []));
  return [{ uri: file.uri, name: str(v.metadata?.name), model: str(v.model), scope: str(v.scope), nameLine: line(['metadata', 'name']), objectives }];
}
