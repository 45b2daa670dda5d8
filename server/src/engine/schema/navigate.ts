import type { JsonSchema } from './validate';

/**
 * Walks a JSON Schema along a YAML path (keys, and `number` for sequence items) to find the subschemas that
 * describe the node there. Used by completion and hover; follows local `$ref`s and the branches of
 * `allOf`/`anyOf`/`oneOf` (completion offers what any branch allows).
 */

export type SchemaPath = readonly (string | number)[];

function resolveRef(root: JsonSchema, schema: JsonSchema, seen = 0): JsonSchema {
  let s = schema;
  while (typeof s.$ref === 'string' && s.$ref.startsWith('#') && seen++ < 32) {
    const target = s.$ref
      .slice(2)
      .split('/')
      .filter(Boolean)
      .reduce<unknown>((node, seg) => (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    if (!target || typeof target !== 'object') break;
    s = { ...(target as JsonSchema), ...withoutRef(s) };
  }
  return s;
}

function withoutRef(s: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = s;
  void _ref;
  return rest;
}

/** The schema itself and every branch of its combinators, flattened. */
export function expand(root: JsonSchema, schema: JsonSchema, depth = 0): JsonSchema[] {
  const s = resolveRef(root, schema);
  if (depth > 8) return [s];
  const out = [s];
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) for (const b of branches) if (b && typeof b === 'object') out.push(...expand(root, b as JsonSchema, depth + 1));
  }
  return out;
}

export function schemasAt(root: JsonSchema, path: SchemaPath): JsonSchema[] {
  let current = expand(root, root);
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of current) {
      if (typeof seg === 'number') {
        const items = s.items;
        if (items && typeof items === 'object' && !Array.isArray(items)) next.push(...expand(root, items as JsonSchema));
      } else {
        const props = s.properties as Record<string, JsonSchema> | undefined;
        if (props && props[seg]) next.push(...expand(root, props[seg]));
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') next.push(...expand(root, s.additionalProperties as JsonSchema));
        else if (s.patternProperties && typeof s.patternProperties === 'object') {
          for (const [pattern, sub] of Object.entries(s.patternProperties as Record<string, JsonSchema>)) {
            if (new RegExp(pattern).test(seg)) next.push(...expand(root, sub));
          }
        }
      }
    }
    if (next.length === 0) return [];
    current = next;
  }
  return current;
}

export interface PropertyInfo {
  name: string;
  schema: JsonSchema;
  required: boolean;
}

/** Properties an object at `path` may have, merged across branches. */
export function propertiesAt(root: JsonSchema, path: SchemaPath): PropertyInfo[] {
  const seen = new Map<string, PropertyInfo>();
  for (const s of schemasAt(root, path)) {
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    for (const [name, sub] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {})) {
      if (!seen.has(name)) seen.set(name, { name, schema: resolveRef(root, sub), required: required.has(name) });
    }
  }
  return [...seen.values()];
}

export function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  if (Array.isArray(t)) return t as string[];
  if (typeof t === 'string') return [t];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

export function describe(schema: JsonSchema): string | undefined {
  const md = schema.markdownDescription ?? schema.description;
  return typeof md === 'string' ? md : undefined;
}
