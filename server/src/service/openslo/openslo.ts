/**
 * OpenSLO v1 (https://github.com/OpenSLO/OpenSLO, spec §11): the rules every document the export
 * writes must meet, and the import checks before it reads. Shared vocabulary of export.ts and
 * import.ts: object names (RFC 1123 labels), the duration shorthand, the annotation prefix.
 *
 * The rules checked (the OpenSLO README, v1): apiVersion `openslo/v1`; a known kind;
 * `metadata.name` an RFC 1123 label (≤ 63 characters of a-z, 0-9 and `-`, alphanumeric at both
 * ends); annotation keys `prefix/name` with a name of ≤ 63 characters; an SLO with `service`,
 * `indicator` or `indicatorRef`, exactly one `timeWindow` whose duration is a shorthand
 * (a positive integer and one of m h d w M Q Y), `budgetingMethod` one of Occurrences, Timeslices,
 * RatioTimeslices, objectives whose `target` is in [0, 1) (or `targetPercent` in [0, 100)),
 * `timeSliceTarget` in (0, 1] and `timeSliceWindow` where the budgeting method needs them, at most one
 * objective on a `thresholdMetric`; an SLI with `ratioMetric` (good or bad, and total; or raw with
 * rawType) or `thresholdMetric`; descriptions of at most 1050 characters; an AlertPolicy with exactly
 * one condition and at least one notification target; an AlertCondition of kind burnrate with op,
 * threshold, lookbackWindow and alertAfter; an AlertNotificationTarget with a target; names unique
 * within a kind.
 */

export const OPENSLO_API_VERSION = 'openslo/v1';
export const OPENSLO_KINDS = ['DataSource', 'SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'Service'] as const;
export const BUDGETING_METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const;
/** The prefix of the annotations that carry what OpenSLO cannot say. */
export const ANNOTATION_PREFIX = 'modelsla.dev/';

export type OpenSloDocument = { apiVersion: string; kind: string; metadata: { name: string; displayName?: string; annotations?: Record<string, string>; labels?: Record<string, unknown> }; spec: Record<string, any> };

const RFC1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SHORTHAND = /^([1-9]\d*)([mhdwMQY])$/;
const ANNOTATION_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OPS = new Set(['lt', 'lte', 'gt', 'gte']);

const isObj = (x: unknown): x is Record<string, any> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * An RFC 1123 label from any text: lowercased, other characters as `-`, at most 63 characters (a
 * longer name keeps its start and ends with a short hash of the whole, so two long names stay apart).
 */
export function objectName(text: string): string {
  let name = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (name === '') name = 'x';
  return name.length <= 63 ? name : withHash(name, text);
}

/** `name` cut to leave room for `-<hash of text>`, within 63 characters. */
function withHash(name: string, text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
  const suffix = h.toString(36).slice(0, 6);
  return `${name.slice(0, 63 - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}

/**
 * Object names for one export (every SLA written into one output): `objectName`, unless that name
 * is taken within its kind by a different text — `a.b`, `a_b` and `A-B` are all `a-b` — when the
 * later one ends in a hash of its text. The same text always gets the same name (two SLAs of one
 * model share its Service), and no two texts share one.
 */
export class ObjectNames {
  private readonly owners = new Map<string, string>();
  /** The renamed ones: text → name, for the notes. */
  readonly renamed: { kind: string; text: string; name: string; taken: string }[] = [];

  name(kind: string, text: string): string {
    const plain = objectName(text);
    let name = plain;
    for (let i = 0; this.owners.has(`${kind}/${name}`) && this.owners.get(`${kind}/${name}`) !== text; i++) {
      name = withHash(plain, i === 0 ? text : `${text}#${i}`);
    }
    if (name !== plain && !this.owners.has(`${kind}/${name}`)) this.renamed.push({ kind, text, name, taken: this.owners.get(`${kind}/${plain}`) ?? '' });
    this.owners.set(`${kind}/${name}`, text);
    return name;
  }
}

/**
 * An annotation's value: strings as they are, anything else as JSON — and a string that would read
 * back as something else (`"123"`, `"true"`, `"[a]"`) as JSON too, so `annotationField` returns it as
 * it was.
 */
export function annotationValue(v: unknown): string {
  if (typeof v !== 'string') return JSON.stringify(v);
  return annotationField(v) === v ? v : JSON.stringify(v);
}

/** An annotation's value back: JSON where it is JSON (objects, lists, numbers, booleans, quoted strings), else the string. */
export function annotationField(text: string): unknown {
  if (/^[[{"]/.test(text) || /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(text)) {
    try { return JSON.parse(text); } catch { /* a string after all */ }
  }
  return text;
}

/** A duration in milliseconds as OpenSLO's shorthand (the largest of d, h, m that divides it: 28d, not 4w, as SLAs say it), or undefined when it is not whole minutes. */
export function shorthand(ms: number): string | undefined {
  if (!(ms > 0) || ms % 60_000 !== 0) return undefined;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return undefined;
}

/** A shorthand read back: its number and unit (`M`, `Q`, `Y` are not fixed durations). */
export function parseShorthand(text: unknown): { n: number; unit: string } | undefined {
  const m = typeof text === 'string' ? SHORTHAND.exec(text) : null;
  return m ? { n: Number(m[1]), unit: m[2] } : undefined;
}

export interface OpenSloProblem { document: number; name: string; path: string; message: string }

/** Every way the documents break the OpenSLO v1 rules (empty: none). */
export function validateOpenSlo(documents: unknown[]): OpenSloProblem[] {
  const problems: OpenSloProblem[] = [];
  const seen = new Map<string, number>();
  documents.forEach((doc, index) => {
    if (isObj(doc) && isObj(doc.metadata) && typeof doc.metadata.name === 'string') {
      const key = `${String(doc.kind)}/${doc.metadata.name}`;
      const before = seen.get(key);
      if (before !== undefined) problems.push({ document: index, name: doc.metadata.name, path: 'metadata.name', message: `a second ${String(doc.kind)} named ${doc.metadata.name} (document ${before + 1} has the name): names are unique within a kind` });
      else seen.set(key, index);
    }
    const name = isObj(doc) && isObj(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : `document ${index + 1}`;
    const fail = (path: string, message: string) => problems.push({ document: index, name, path, message });
    if (!isObj(doc)) return fail('', 'a document is not a mapping');
    if (doc.apiVersion !== OPENSLO_API_VERSION) fail('apiVersion', `apiVersion is ${JSON.stringify(doc.apiVersion)}, not ${OPENSLO_API_VERSION}`);
    if (!OPENSLO_KINDS.includes(doc.kind)) fail('kind', `kind ${JSON.stringify(doc.kind)} is not one of ${OPENSLO_KINDS.join(', ')}`);
    checkObject(doc, '', fail);
    const spec = isObj(doc.spec) ? doc.spec : undefined;
    if (!spec) return fail('spec', 'spec is missing');
    switch (doc.kind) {
      case 'SLO': return checkSlo(spec, fail);
      case 'SLI': return checkSli(spec, 'spec', fail);
      case 'DataSource':
        if (typeof spec.type !== 'string' || spec.type === '') fail('spec.type', 'a DataSource needs a type');
        if (spec.connectionDetails === undefined) fail('spec.connectionDetails', 'a DataSource needs connectionDetails');
        return;
      case 'AlertPolicy': return checkAlertPolicy(spec, 'spec', fail);
      case 'AlertCondition': return checkAlertCondition(spec, 'spec', fail);
      case 'AlertNotificationTarget':
        if (typeof spec.target !== 'string' || spec.target === '') fail('spec.target', 'an AlertNotificationTarget needs a target');
        return;
    }
  });
  return problems;
}

type Fail = (path: string, message: string) => void;

/** metadata (name, annotations) and the description's length, of a document or an inline object. */
function checkObject(o: Record<string, any>, at: string, fail: Fail): void {
  const meta = o.metadata;
  if (!isObj(meta)) return fail(`${at}metadata`, 'metadata is missing');
  if (typeof meta.name !== 'string' || !RFC1123.test(meta.name) || meta.name.length > 63) {
    fail(`${at}metadata.name`, `metadata.name ${JSON.stringify(meta.name)} is not an RFC 1123 label (at most 63 of a-z, 0-9 and -, alphanumeric at both ends)`);
  }
  if (meta.annotations !== undefined) {
    if (!isObj(meta.annotations)) fail(`${at}metadata.annotations`, 'annotations are not a mapping');
    else for (const [key, value] of Object.entries(meta.annotations)) {
      const slash = key.lastIndexOf('/');
      const prefix = slash >= 0 ? key.slice(0, slash) : undefined, n = key.slice(slash + 1);
      if (!ANNOTATION_NAME.test(n) || n.length > 63 || (prefix !== undefined && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253))) fail(`${at}metadata.annotations`, `annotation key ${JSON.stringify(key)} is not [prefix/]name (a DNS subdomain, and a name of at most 63 characters)`);
      if (typeof value !== 'string') fail(`${at}metadata.annotations.${key}`, 'an annotation value is a string');
    }
  }
  if (isObj(o.spec) && typeof o.spec.description === 'string' && o.spec.description.length > 1050) fail(`${at}spec.description`, 'a description has at most 1050 characters');
}

function checkSlo(spec: Record<string, any>, fail: Fail): void {
  if (typeof spec.service !== 'string' || spec.service === '') fail('spec.service', 'an SLO names its service');
  if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) fail('spec.indicator', 'an SLO has exactly one of indicator and indicatorRef');
  let threshold = false;
  if (isObj(spec.indicator)) {
    checkObject(spec.indicator, 'spec.indicator.', fail);
    if (isObj(spec.indicator.spec)) { checkSli(spec.indicator.spec, 'spec.indicator.spec', fail); threshold = spec.indicator.spec.thresholdMetric !== undefined; }
    else fail('spec.indicator.spec', 'the inline SLI has no spec');
  }
  const windows = spec.timeWindow;
  if (!Array.isArray(windows) || windows.length !== 1) fail('spec.timeWindow', 'timeWindow is a list of exactly one item');
  else {
    const w = windows[0];
    if (!isObj(w) || !parseShorthand(w.duration)) fail('spec.timeWindow[0].duration', `the duration ${JSON.stringify(isObj(w) ? w.duration : w)} is not a duration shorthand (a positive integer and one of m h d w M Q Y)`);
    else if (w.isRolling === true && w.calendar !== undefined) fail('spec.timeWindow[0]', 'a rolling window has no calendar');
    else if (w.isRolling !== true) {
      if (!isObj(w.calendar)) fail('spec.timeWindow[0].calendar', 'a calendar-aligned window (isRolling false) needs calendar');
      else {
        if (typeof w.calendar.startTime !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(w.calendar.startTime)) fail('spec.timeWindow[0].calendar.startTime', 'startTime is "YYYY-MM-DD hh:mm:ss" (no zone)');
        if (typeof w.calendar.timeZone !== 'string' || w.calendar.timeZone === '') fail('spec.timeWindow[0].calendar.timeZone', 'a calendar names its timeZone (IANA)');
      }
    }
  }
  if (!BUDGETING_METHODS.includes(spec.budgetingMethod)) fail('spec.budgetingMethod', `budgetingMethod ${JSON.stringify(spec.budgetingMethod)} is not one of ${BUDGETING_METHODS.join(', ')}`);
  const objectives = spec.objectives;
  if (!Array.isArray(objectives) || objectives.length === 0) return fail('spec.objectives', 'an SLO has at least one objective');
  if (threshold && objectives.length > 1) fail('spec.objectives', 'an SLO on a thresholdMetric has exactly one objective');
  objectives.forEach((o: unknown, i: number) => {
    const at = `spec.objectives[${i}]`;
    if (!isObj(o)) return fail(at, 'an objective is a mapping');
    const hasTarget = o.target !== undefined, hasPercent = o.targetPercent !== undefined;
    if (hasTarget === hasPercent) fail(at, 'an objective has exactly one of target and targetPercent');
    if (hasTarget && !(typeof o.target === 'number' && o.target >= 0 && o.target < 1)) fail(`${at}.target`, `target ${JSON.stringify(o.target)} is not in [0, 1)`);
    if (hasPercent && !(typeof o.targetPercent === 'number' && o.targetPercent >= 0 && o.targetPercent < 100)) fail(`${at}.targetPercent`, `targetPercent ${JSON.stringify(o.targetPercent)} is not in [0, 100)`);
    if (threshold) {
      if (!OPS.has(o.op)) fail(`${at}.op`, 'an objective on a thresholdMetric has op (lt, lte, gt, gte)');
      if (typeof o.value !== 'number') fail(`${at}.value`, 'an objective on a thresholdMetric has a numeric value');
    } else if (o.op !== undefined && !OPS.has(o.op)) fail(`${at}.op`, 'op is one of lt, lte, gt, gte');
    if (spec.budgetingMethod === 'Timeslices' && !(typeof o.timeSliceTarget === 'number' && o.timeSliceTarget > 0 && o.timeSliceTarget <= 1)) fail(`${at}.timeSliceTarget`, 'Timeslices needs a timeSliceTarget in (0, 1]');
    if ((spec.budgetingMethod === 'Timeslices' || spec.budgetingMethod === 'RatioTimeslices') && !(typeof o.timeSliceWindow === 'number' || parseShorthand(o.timeSliceWindow))) fail(`${at}.timeSliceWindow`, `${String(spec.budgetingMethod)} needs a timeSliceWindow (minutes, or a duration shorthand)`);
  });
  if (spec.alertPolicies !== undefined) {
    if (!Array.isArray(spec.alertPolicies)) fail('spec.alertPolicies', 'alertPolicies is a list');
    else spec.alertPolicies.forEach((p: unknown, i: number) => {
      if (isObj(p) && typeof p.alertPolicyRef === 'string') return;
      if (isObj(p) && p.kind === 'AlertPolicy' && isObj(p.spec)) { checkObject(p, `spec.alertPolicies[${i}].`, fail); return checkAlertPolicy(p.spec, `spec.alertPolicies[${i}].spec`, fail); }
      fail(`spec.alertPolicies[${i}]`, 'an alert policy is an alertPolicyRef or an inline AlertPolicy');
    });
  }
}

function checkSource(x: unknown, at: string, fail: Fail): void {
  if (!isObj(x) || !isObj(x.metricSource)) return fail(at, 'needs a metricSource');
  const s = x.metricSource;
  if (typeof s.metricSourceRef !== 'string' && typeof s.type !== 'string') fail(`${at}.metricSource`, 'a metricSource names its type or a DataSource (metricSourceRef)');
  if (s.spec === undefined) fail(`${at}.metricSource.spec`, 'a metricSource has a spec');
}

function checkSli(spec: Record<string, any>, at: string, fail: Fail): void {
  if ((spec.ratioMetric === undefined) === (spec.thresholdMetric === undefined)) return fail(at, 'an SLI has exactly one of ratioMetric and thresholdMetric');
  if (spec.thresholdMetric !== undefined) return checkSource(spec.thresholdMetric, `${at}.thresholdMetric`, fail);
  const r = spec.ratioMetric;
  if (!isObj(r)) return fail(`${at}.ratioMetric`, 'ratioMetric is a mapping');
  if (r.raw !== undefined) {
    if (r.rawType !== 'success' && r.rawType !== 'failure') fail(`${at}.ratioMetric.rawType`, 'raw needs rawType success or failure');
    if (r.good !== undefined || r.bad !== undefined || r.total !== undefined) fail(`${at}.ratioMetric`, 'raw is not used with good, bad or total');
    return checkSource(r.raw, `${at}.ratioMetric.raw`, fail);
  }
  if ((r.good === undefined) === (r.bad === undefined)) fail(`${at}.ratioMetric`, 'a ratioMetric has exactly one of good and bad');
  if (r.good !== undefined) checkSource(r.good, `${at}.ratioMetric.good`, fail);
  if (r.bad !== undefined) checkSource(r.bad, `${at}.ratioMetric.bad`, fail);
  checkSource(r.total, `${at}.ratioMetric.total`, fail);
  if (r.counter !== undefined && typeof r.counter !== 'boolean') fail(`${at}.ratioMetric.counter`, 'counter is true or false');
}

function checkAlertPolicy(spec: Record<string, any>, at: string, fail: Fail): void {
  if (!Array.isArray(spec.conditions) || spec.conditions.length !== 1) fail(`${at}.conditions`, 'an AlertPolicy has exactly one condition');
  else {
    const c = spec.conditions[0];
    if (isObj(c) && c.kind === 'AlertCondition' && isObj(c.spec)) { checkObject(c, `${at}.conditions[0].`, fail); checkAlertCondition(c.spec, `${at}.conditions[0].spec`, fail); }
    else if (!(isObj(c) && typeof c.conditionRef === 'string')) fail(`${at}.conditions[0]`, 'a condition is a conditionRef or an inline AlertCondition');
  }
  if (!Array.isArray(spec.notificationTargets) || spec.notificationTargets.length === 0) fail(`${at}.notificationTargets`, 'an AlertPolicy has at least one notification target');
  else spec.notificationTargets.forEach((t: unknown, i: number) => {
    if (isObj(t) && typeof t.targetRef === 'string') return;
    if (isObj(t) && t.kind === 'AlertNotificationTarget' && isObj(t.spec) && typeof t.spec.target === 'string') return checkObject(t, `${at}.notificationTargets[${i}].`, fail);
    fail(`${at}.notificationTargets[${i}]`, 'a notification target is a targetRef or an inline AlertNotificationTarget');
  });
  for (const k of ['alertWhenNoData', 'alertWhenResolved', 'alertWhenBreaching']) if (spec[k] !== undefined && typeof spec[k] !== 'boolean') fail(`${at}.${k}`, `${k} is true or false`);
}

function checkAlertCondition(spec: Record<string, any>, at: string, fail: Fail): void {
  if (typeof spec.severity !== 'string' || spec.severity === '') fail(`${at}.severity`, 'an AlertCondition has a severity');
  const c = spec.condition;
  if (!isObj(c)) return fail(`${at}.condition`, 'an AlertCondition has a condition');
  if (c.kind !== undefined && c.kind !== 'burnrate') fail(`${at}.condition.kind`, 'the condition kind is burnrate');
  if (!OPS.has(c.op)) fail(`${at}.condition.op`, 'op is one of lt, lte, gt, gte');
  if (typeof c.threshold !== 'number') fail(`${at}.condition.threshold`, 'threshold is a number');
  if (!parseShorthand(c.lookbackWindow)) fail(`${at}.condition.lookbackWindow`, 'lookbackWindow is a duration shorthand');
  if (!parseShorthand(c.alertAfter)) fail(`${at}.condition.alertAfter`, 'alertAfter is a duration shorthand');
}
