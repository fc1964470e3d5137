/**
 * How the SLA schema becomes validators: ajv's options, the annotation keywords it must accept, and
 * the three schemas compiled — the document without its objectives' contents (`rest`), one objective
 * (`objective`; the cache in schema.ts validates each objective once) and the whole document
 * (`whole`, for documents without an objectives list).
 *
 * For the bundled schema they are compiled at build time (`schemas/generate-validators.ts` writes
 * ajv's standalone code to schemaValidators.generated.js; the build runs it, a test checks it is
 * current): compiling them at start cost the server and every CLI run ~150–220 ms before their first
 * diagnostics. Any other schema is compiled at run time with the same options.
 */
import Ajv, { type Options } from 'ajv';

/** Keywords of the schema that are annotations for editors, not validation. */
export const ANNOTATIONS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'x-quantity', 'deprecationMessage', 'errorMessage', 'doNotSuggest'];

export const AJV_OPTIONS: Options = { allErrors: true, strict: false, verbose: true, allowUnionTypes: true };

export function newAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}

type SchemaObject = { [keyword: string]: any };

/** The schemas the validators are compiled from (without `$id` / `$schema`). */
export function validatorSchemas(schema: SchemaObject): { rest: SchemaObject; objective: SchemaObject; whole: SchemaObject } {
  const { $id: _id, $schema: _schema, ...root } = schema;
  const objectives = root.properties?.objectives;
  return {
    rest: objectives ? { ...root, properties: { ...root.properties, objectives: { ...objectives, items: true } } } : root,
    objective: { definitions: root.definitions, ...(objectives?.items && typeof objectives.items === 'object' ? objectives.items : {}) },
    whole: root,
  };
}
