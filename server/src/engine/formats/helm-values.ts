import type { JsonSchema } from '../schema/validate';

/**
 * A chart's `values.schema.json` as Helm applies it: to the chart's defaults merged with every values file, after
 * `null`s have deleted keys. One values file alone is judged by the same schema with what the merge supplies
 * allowed: nothing is required (the chart's values.yaml or another file may set it) and `null` is allowed
 * anywhere (it removes a default). The `$schema` dialect line is dropped (the validator speaks draft-07, which
 * covers the keywords charts use).
 */
export function helmValuesSchema(schema: JsonSchema): JsonSchema {
  return relax(schema) as JsonSchema;
}

function relax(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relax);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema' || k === 'required') continue;
    if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') out[k] = v;
    else if (k === 'properties' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, relax(s)]));
    else out[k] = relax(v);
  }
  const t = out.type;
  if (typeof t === 'string' && t !== 'null') out.type = [t, 'null'];
  else if (Array.isArray(t) && !t.includes('null')) out.type = [...t, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
