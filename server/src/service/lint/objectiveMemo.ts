/**
 * What a rule computes from one objective's plain data alone, kept per objective object. The
 * incremental parse gives unchanged objectives the same data objects and an edited one a new object
 * (see incrementalParse.ts), so after a keystroke only the edited objective is computed again; data
 * objects are never changed in place. Keyed by identity (a WeakMap): nothing outlives the data, and
 * a service never sees another's objects. `key` must name everything else the result depends on.
 */
const memo = new WeakMap<object, Map<string, unknown>>();

export function perObjective<T>(objective: object, key: string, compute: () => T): T {
  let own = memo.get(objective);
  if (!own) memo.set(objective, (own = new Map()));
  if (own.has(key)) return own.get(key) as T;
  const value = compute();
  own.set(key, value);
  return value;
}
