import type Ajv from 'ajv';
import type { ErrorObject, Options } from 'ajv';
import { isScalar } from 'yaml';
import type { PathSegment, YamlDocument } from '../parse/yaml';
import { placeholderIn, placeholderMessage } from '../facts/placeholder';
import type { Finding, Severity } from '../types';
import { docsUrlFor } from '../types';
import type * as Generated from './generated/validators';
import { didYouMean, formatList } from './messages';

export type JsonSchema = Record<string, unknown>;

/** A compiled schema: ajv's (run-time compiled) or a standalone one generated at build time. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Ajv options, also used by scripts/schemas/standalone.mjs to compile the shipped schemas at build time (its
 * generated module exports what it used; generated/validators.test.ts checks they agree).
 * strictNumbers: `1e400` and `.inf` read as Infinity, `.nan` as NaN; neither is a number Kubernetes accepts.
 * verbose: messages read the failing schema (`parentSchema`) and value (`data`).
 */
export const AJV_OPTIONS: Readonly<Options> = { strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false, strictNumbers: true };
/** Kubernetes' OpenAPI formats that are not JSON Schema formats: accepted as annotations. */
export const ANNOTATION_FORMATS: readonly string[] = ['int32', 'int64', 'double', 'float', 'byte', 'int-or-string', 'quantity'];

let ajv: Ajv | undefined;
const compiled = new Map<object, Validator>();

function getAjv(): Ajv {
  if (!ajv) {
    // Loaded on first use: the shipped schemas are precompiled, so a process may never need ajv's compiler.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: AjvClass } = require('ajv') as typeof import('ajv');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
    ajv = new AjvClass({ ...AJV_OPTIONS });
    addFormats(ajv);
    for (const f of ANNOTATION_FORMATS) ajv.addFormat(f, true);
    for (const [id, schema] of shared) ajv.addSchema({ ...schema, $id: id });
  }
  return ajv;
}

/**
 * A schema object may say, under this key, how it is validated when it is not itself a shipped schema: e.g. a
 * Kubernetes root with the shared definitions beside it (for completion and hover) is validated as the shipped
 * root (`source`, precompiled at build time) or, without a precompiled validator, by compiling `compile()`
 * (a form whose refs point at the shared table).
 */
export const VALIDATE_AS = Symbol('validateAs');
export interface ValidateAs {
  source: object;
  compile(): JsonSchema;
}

const shared = new Map<string, JsonSchema>();

/** Adds a schema other schemas refer to by `$id`; compiled once, on the first validation that needs it. */
export function registerSharedSchema(id: string, schema: JsonSchema): void {
  if (shared.has(id)) return;
  shared.set(id, schema);
  if (ajv) ajv.addSchema({ ...schema, $id: id });
}

let generated: typeof Generated | null | undefined;

/**
 * The validator generated at build time (scripts/schemas/standalone.mjs) for a shipped schema object, if any.
 * The generated module is large: it is loaded on the first validation, not at start-up. It is missing only in a
 * source tree that was never built; then every schema is compiled at run time.
 */
function precompiled(source: object): Validator | undefined {
  if (generated === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      generated = require('./generated/validators') as typeof Generated;
    } catch {
      generated = null;
    }
  }
  return generated?.precompiled(source);
}

/** The validator of a schema: generated at build time for a shipped schema, else compiled once per process. */
export function validatorFor(schema: JsonSchema): Validator {
  let v = compiled.get(schema);
  if (!v) {
    const as = (schema as Record<symbol, unknown>)[VALIDATE_AS] as ValidateAs | undefined;
    v = precompiled(as?.source ?? schema) ?? getAjv().compile(as ? as.compile() : schema);
    compiled.set(schema, v);
  }
  return v;
}

export interface SchemaCheckOptions {
  /** Severity of properties the schema does not define (Kubernetes prunes them: a warning there). */
  unknownPropertySeverity?: Severity;
}

function toPath(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function lastName(path: PathSegment[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'document';
}

/**
 * Ajv reports every failing branch of an `anyOf`/`oneOf`. A user wants the branch their value was meant for:
 * a branch that failed only on `type` was not it, when another branch accepted the type and failed on
 * something more specific (enum, pattern, a property).
 */
function actionable(errors: ErrorObject[]): ErrorObject[] {
  const combinators = new Set(['oneOf', 'anyOf', 'if', 'then', 'else', 'not']);
  const leaf = errors.filter((e) => !combinators.has(e.keyword));
  let list = leaf.length > 0 ? leaf : errors;
  const branchOf = (e: ErrorObject): string | undefined => /^(.*\/(?:anyOf|oneOf))\/\d+\//.exec(e.schemaPath)?.[1];
  const specific = new Set(list.filter((e) => e.keyword !== 'type' && branchOf(e)).map((e) => `${e.instancePath}|${branchOf(e)}`));
  list = list.filter((e) => !(e.keyword === 'type' && branchOf(e) && specific.has(`${e.instancePath}|${branchOf(e)}`)));
  // Several `type` errors from the branches of one combinator read best as one: "must be a string or an array".
  const typeGroups = new Map<string, ErrorObject>();
  list = list.filter((e) => {
    const branch = branchOf(e);
    if (e.keyword !== 'type' || !branch) return true;
    const key = `${e.instancePath}|${branch}`;
    const first = typeGroups.get(key);
    if (!first) {
      typeGroups.set(key, e);
      return true;
    }
    (first.params as { type: string }).type += `,${(e.params as { type: string }).type}`;
    return false;
  });
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Validates a document's value against a schema and maps each error to the narrowest source range. */
export function checkSchema(
  doc: YamlDocument,
  uri: string,
  value: unknown,
  schema: JsonSchema,
  options: SchemaCheckOptions = {},
): Finding[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  const findings: Finding[] = [];
  for (const error of actionable(validate.errors ?? [])) {
    const f = toFinding(doc, uri, error, options);
    // Where in the document: the finding's semantic detail for its fingerprint (report/fingerprint.ts).
    findings.push({ ...f, data: { ...f.data, pointer: error.instancePath } });
  }
  return findings;
}

function toFinding(doc: YamlDocument, uri: string, error: ErrorObject, options: SchemaCheckOptions): Finding {
  const path = toPath(error.instancePath);
  const name = lastName(path);
  const base = { code: 'schema/invalid', uri, docsUrl: docsUrlFor('schema/invalid'), severity: 'error' as Severity };
  const p = error.params as Record<string, unknown>;
  // A value to fill in (`${VAR}`, `<your-namespace>`, `REPLACE_ME`) is judged after substitution, as the rules do.
  const placeholder = typeof error.data === 'string' ? placeholderIn(error.data) : undefined;
  if (placeholder?.kind === 'template' && typeof error.data === 'string' && ['type', 'enum', 'pattern', 'format', 'minimum', 'maximum'].includes(error.keyword)) {
    return {
      ...base,
      severity: 'warning',
      range: doc.rangeAt(path),
      message: placeholderMessage(`\`${name}\``, error.data, placeholder),
      data: { kind: 'placeholder' },
    };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      // A key that is already there is no suggestion: renaming to it would duplicate it.
      const present = error.data && typeof error.data === 'object' ? Object.keys(error.data) : [];
      const suggestion = didYouMean(key, known.filter((k) => !present.includes(k)));
      const range = doc.rangeAt([...path, key], 'key');
      const where = path.length ? `\`${name}\`` : 'the document';
      return {
        ...base,
        severity: options.unknownPropertySeverity ?? 'error',
        range,
        message: `Property \`${key}\` is not allowed in ${where}${suggestion ? `; did you mean \`${suggestion}\`?` : `. Allowed: ${formatList(known)}.`}`,
        data: { kind: 'unknown-property', key, suggestion },
        fixes: suggestion ? [{ title: `Rename \`${key}\` to \`${suggestion}\``, edits: [{ range, newText: suggestion }], isPreferred: true }] : undefined,
      };
    }
    case 'required': {
      const missing = String(p.missingProperty);
      return {
        ...base,
        range: path.length ? doc.rangeAt(path, 'key') : doc.headerRange(),
        message: `Missing required property \`${missing}\`${path.length ? ` in \`${name}\`` : ''}.`,
        data: { kind: 'missing-property', key: missing },
      };
    }
    case 'enum': {
      const allowed = ((p.allowedValues as unknown[]) ?? []).filter((a) => a !== null); // null (unset) is implied
      const actual = error.data;
      const suggestion = typeof actual === 'string' ? didYouMean(actual, allowed.filter((a): a is string => typeof a === 'string')) : undefined;
      const range = doc.rangeAt(path);
      const { node } = doc.locate(path);
      const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
      return {
        ...base,
        range,
        message: `\`${name}\` must be one of ${formatList(allowed)}${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`,
        data: { kind: 'enum', suggestion },
        fixes: suggestion
          ? [{ title: `Change to \`${suggestion}\``, edits: [{ range, newText: quoted ? JSON.stringify(suggestion) : suggestion }], isPreferred: true }]
          : undefined,
      };
    }
    case 'const':
      return { ...base, range: doc.rangeAt(path), message: `\`${name}\` must be \`${String(p.allowedValue)}\`.` };
    case 'type': {
      const range = doc.rangeAt(path);
      const types = [...new Set(String(p.type).split(',').filter((t) => t !== 'null'))];
      const { node } = doc.locate(path);
      // YAML 1.1 (as Kubernetes reads it) turns unquoted yes/no/on/off into booleans: say so, and offer the quotes.
      const yaml11 = typeof error.data === 'boolean' && types.includes('string') && isScalar(node) && node.type === 'PLAIN' && node.source !== undefined && !/^(true|false)$/i.test(String(node.source));
      if (yaml11 && isScalar(node)) {
        const word = String(node.source);
        return {
          ...base,
          range,
          message: `\`${name}\` must be a string, but unquoted \`${word}\` is the boolean ${String(error.data)} in YAML 1.1 (as Kubernetes reads it). Quote it: \`"${word}"\`.`,
          data: { kind: 'yaml11-boolean' },
          fixes: [{ title: `Quote \`${word}\``, edits: [{ range, newText: JSON.stringify(word) }], isPreferred: true }],
        };
      }
      return {
        ...base,
        range,
        message: `\`${name}\` must be ${article(String(p.type))} ${types.join(' or ')}, not ${describe(error.data)}.`,
      };
    }
    case 'format':
      return { ...base, range: doc.rangeAt(path), message: `\`${name}\` ${describeValue(error.data)} is not ${formatHint(String(p.format))}.` };
    case 'pattern': {
      // `patternErrorMessage` is the YAML extension's convention for a readable pattern message.
      const hint = (error.parentSchema as Record<string, unknown> | undefined)?.patternErrorMessage;
      // `x-modelready-redact`: the value may be a secret (Secret `data`), so the message does not repeat it.
      const redact = (error.parentSchema as Record<string, unknown> | undefined)?.['x-modelready-redact'] === true;
      const message =
        typeof hint === 'string'
          ? `\`${name}\` ${redact ? '' : describeValue(error.data) + ' '}is not valid. ${hint}`
          : `\`${name}\` ${describeValue(error.data)} does not match the expected form (${String(p.pattern)}).`;
      return { ...base, range: doc.rangeAt(path), message };
    }
    default:
      // The keyword tells what is judged: a patch lists only what it changes, so counts (`minItems`) do not hold there.
      return { ...base, range: doc.rangeAt(path), message: `\`${name}\` ${error.message ?? 'is invalid'}.`, data: { kind: error.keyword } };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

function describeValue(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${s.length > 60 ? s.slice(0, 60) + '…' : s}\``;
}

const FORMAT_HINTS: Record<string, string> = {
  duration: 'an ISO 8601 duration (e.g. `P30D`, `PT15M`)',
  uri: 'a URI (e.g. `https://example.com/runbook`)',
  'uri-reference': 'a URI reference',
  email: 'an e-mail address',
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'an RFC 3339 date-time',
};

function formatHint(format: string): string {
  return FORMAT_HINTS[format] ?? `a valid ${format}`;
}
