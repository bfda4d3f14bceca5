import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { ValidationError, type ErrorDetail } from '@cw/errors';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false, coerceTypes: false });
addFormats(ajv);

function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}`;
  return e.instancePath === '' ? '/' : e.instancePath;
}

/** Turns ajv errors into the house's field details (JSON pointer + rule), dropping if/then noise. */
export function toDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const d = { pointer: pointerOf(e), rule: e.keyword, message: e.message ?? e.keyword };
    const key = `${d.pointer}|${d.rule}`;
    if (!seen.has(key)) { seen.add(key); out.push(d); }
  }
  return out;
}

export interface Validator<T> {
  (value: unknown): value is T;
  /** Returns the value typed, or throws a ValidationError listing every failing field. */
  assert(value: unknown, what?: string): T;
  schema: TSchema;
}

/** Compiles a TypeBox schema once; the TypeScript type is derived from the same schema, so they cannot drift. */
export function createValidator<S extends TSchema>(schema: S): Validator<Static<S>> {
  const fn: ValidateFunction = ajv.compile(schema);
  const check = ((value: unknown) => fn(value)) as Validator<Static<S>>;
  check.assert = (value: unknown, what = schema.$id ?? schema.title ?? 'value') => {
    if (fn(value)) return value as Static<S>;
    const details = toDetails(fn.errors);
    throw new ValidationError(`${what} is invalid: ${details.map((d) => `${d.pointer} ${d.message}`).join('; ')}`, details);
  };
  check.schema = schema;
  return check;
}
