/**
 * The SLA JSON schema: validators for it (compiled at build time for the bundled schema, see
 * schemaValidators.ts), and the schema navigated by path for completion and hover (which
 * properties exist here, what does this key mean).
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/sla.schema.json';
import type { JsonPath } from './yamlAst';
import { newAjv, validatorSchemas } from './schemaValidators';
import * as precompiled from './schemaValidators.generated';

export type SchemaObject = { [keyword: string]: any };
export type Schema = SchemaObject | boolean;

export const SLA_SCHEMA = schemaJson as SchemaObject;

const decodePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

export class SchemaService {
  private validators: { rest: ValidateFunction; objective: ValidateFunction } | undefined;
  private ajv: Ajv | undefined;
  /** The whole-document validator: for documents without an objectives list and the tests' reference; compiled when first needed. */
  private wholeValidator: ValidateFunction | undefined;
  /**
   * ajv's errors per objective, keyed by the objective's plain-data object with instance paths
   * relative to it. The incremental parse keeps the objects of unchanged objectives, so after a
   * keystroke only the edited objective is validated again (the rest of the document is small).
   */
  private readonly objectiveErrors = new WeakMap<object, ErrorObject[]>();

  constructor(readonly root: SchemaObject = SLA_SCHEMA) {}

  /** The bundled schema's validators come compiled (schemaValidators.ts); another schema's are compiled here. */
  private compiled() {
    if (!this.validators) {
      if (this.root === SLA_SCHEMA) this.validators = { rest: precompiled.rest, objective: precompiled.objective };
      else {
        const ajv = this.compiler();
        const { rest, objective } = validatorSchemas(this.root);
        this.validators = { rest: ajv.compile(rest), objective: ajv.compile(objective) };
      }
    }
    return this.validators;
  }

  private compiler(): Ajv {
    return (this.ajv ??= newAjv());
  }

  private whole(): ValidateFunction {
    if (!this.wholeValidator) this.wholeValidator = this.root === SLA_SCHEMA ? precompiled.whole : this.compiler().compile(validatorSchemas(this.root).whole);
    return this.wholeValidator;
  }

  /** Compiles the validators now (the server calls it while idle after start, so the first open does not wait; the bundled schema's need nothing). */
  warm(): void {
    this.compiled();
  }

  /**
   * Validate plain data; errors carry `parentSchema` (verbose) for message building. The same errors
   * as validating the whole document at once (tested), computed per objective with a cache.
   */
  validate(data: unknown): ErrorObject[] {
    const v = this.compiled();
    const list = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as { objectives?: unknown }).objectives : undefined;
    if (!Array.isArray(list) || !this.root.properties?.objectives?.items) {
      const whole = this.whole();
      return whole(data) ? [] : [...(whole.errors ?? [])];
    }
    const errors = v.rest(data) ? [] : [...(v.rest.errors ?? [])];
    list.forEach((item, index) => {
      let own = item !== null && typeof item === 'object' ? this.objectiveErrors.get(item) : undefined;
      if (!own) {
        own = v.objective(item) ? [] : [...(v.objective.errors ?? [])];
        if (item !== null && typeof item === 'object') this.objectiveErrors.set(item, own);
      }
      for (const e of own) errors.push({ ...e, instancePath: `/objectives/${index}${e.instancePath}` });
    });
    // ajv reports the document's own keywords first, then each property in schema order: put the
    // objectives' errors where one whole-document call would have them (a stable sort).
    const order = this.propertyOrder ??= new Map(Object.keys(this.root.properties ?? {}).map((k, i) => [k, i]));
    const rank = (e: ErrorObject) => (e.instancePath === '' ? -1 : order.get(decodePointer(e.instancePath.split('/')[1] ?? '')) ?? order.size);
    return errors.map((e, i) => ({ e, i, r: rank(e) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.e);
  }
  private propertyOrder: Map<string, number> | undefined;

  /** The whole document in one ajv call, without the per-objective cache (the reference in tests). */
  validateWhole(data: unknown): ErrorObject[] {
    const v = this.whole();
    return v(data) ? [] : [...(v.errors ?? [])];
  }

  deref(schema: Schema | undefined): Schema | undefined {
    let current = schema;
    for (let guard = 0; guard < 32 && current && typeof current === 'object' && typeof current.$ref === 'string'; guard++) {
      const ref: string = current.$ref;
      if (!ref.startsWith('#/')) return current;
      let target: any = this.root;
      for (const part of ref.slice(2).split('/')) target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      const { $ref: _ignored, ...rest } = current;
      current = Object.keys(rest).length ? { ...target, ...rest } : target;
    }
    return current;
  }

  /**
   * Every schema object that applies to the value at `path`: `$ref`s resolved, `allOf` and
   * matching `if`/`then` applied, all `oneOf`/`anyOf` branches included (for suggestions).
   * `data` is the whole document's plain value, used to decide `if` conditions.
   */
  schemasAt(path: JsonPath, data: unknown): SchemaObject[] {
    let schemas = this.expand(this.root, data);
    let value = data;
    for (const step of path) {
      const next: Schema[] = [];
      for (const schema of schemas) {
        const child = this.childSchema(schema, step);
        if (child !== undefined) next.push(child);
      }
      value = value !== null && typeof value === 'object' ? (value as any)[step] : undefined;
      schemas = next.flatMap((s) => this.expand(s, value));
      if (schemas.length === 0) break;
    }
    return schemas;
  }

  /** Property names allowed in the object at `path`, with their schemas (excluding `false` ones). */
  propertiesAt(path: JsonPath, data: unknown): Map<string, SchemaObject[]> {
    const result = new Map<string, SchemaObject[]>();
    const forbidden = new Set<string>();
    for (const schema of this.schemasAt(path, data)) {
      for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) {
        if (child === false) { forbidden.add(name); continue; }
        const expanded = this.expand(child, undefined);
        result.set(name, [...(result.get(name) ?? []), ...expanded]);
      }
    }
    for (const name of forbidden) result.delete(name);
    return result;
  }

  private childSchema(schema: SchemaObject, step: string | number): Schema | undefined {
    if (typeof step === 'number') {
      if (Array.isArray(schema.items)) return schema.items[step] ?? schema.additionalItems;
      return schema.items;
    }
    if (schema.properties && step in schema.properties) return schema.properties[step];
    if (schema.patternProperties) {
      for (const [pattern, child] of Object.entries<Schema>(schema.patternProperties)) {
        try { if (new RegExp(pattern, 'u').test(step)) return child; } catch { /* ignore a bad pattern */ }
      }
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return schema.additionalProperties;
    return undefined;
  }

  private expand(schema: Schema | undefined, value: unknown, depth = 0): SchemaObject[] {
    const resolved = this.deref(schema);
    if (!resolved || typeof resolved !== 'object' || depth > 16) return [];
    const out: SchemaObject[] = [resolved];
    for (const sub of resolved.allOf ?? []) out.push(...this.expand(sub, value, depth + 1));
    for (const sub of resolved.oneOf ?? []) out.push(...this.expand(sub, value, depth + 1));
    for (const sub of resolved.anyOf ?? []) out.push(...this.expand(sub, value, depth + 1));
    if (resolved.if !== undefined) {
      const branch = this.matchesCondition(resolved.if, value) ? resolved.then : resolved.else;
      if (branch !== undefined) out.push(...this.expand(branch, value, depth + 1));
    }
    return out;
  }

  /** A small evaluator for `if` conditions: `required` plus `const`/`enum` on properties. */
  private matchesCondition(condition: Schema, value: unknown): boolean {
    const schema = this.deref(condition);
    if (schema === true) return true;
    if (!schema || typeof schema !== 'object') return false;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) return false;
    for (const [name, sub] of Object.entries<Schema>(schema.properties ?? {})) {
      if (!(name in record) || typeof sub !== 'object') continue;
      const s = this.deref(sub) as SchemaObject;
      if ('const' in s && record[name] !== s.const) return false;
      if (Array.isArray(s.enum) && !s.enum.includes(record[name])) return false;
    }
    return true;
  }
}

/** The first `markdownDescription` (or `description`) among schemas. */
export function describe(schemas: SchemaObject[]): string | undefined {
  for (const s of schemas) if (typeof s.markdownDescription === 'string') return s.markdownDescription;
  for (const s of schemas) if (typeof s.description === 'string') return s.description;
  return undefined;
}

/** Enum values with their descriptions, merged over schemas. */
export function enumValues(schemas: SchemaObject[]): { value: unknown; description?: string }[] {
  const seen = new Set<unknown>();
  const out: { value: unknown; description?: string }[] = [];
  for (const s of schemas) {
    const values: unknown[] = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : [];
    const descriptions: unknown[] = s.markdownEnumDescriptions ?? s.enumDescriptions ?? [];
    values.forEach((value, i) => {
      if (seen.has(value)) return;
      seen.add(value);
      out.push({ value, description: typeof descriptions[i] === 'string' ? (descriptions[i] as string) : undefined });
    });
  }
  return out;
}

export function quantityKind(schemas: SchemaObject[]): string | undefined {
  for (const s of schemas) if (typeof s['x-quantity'] === 'string') return s['x-quantity'];
  return undefined;
}
