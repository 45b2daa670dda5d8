import { minimatch } from 'minimatch';
import type { UserSchema } from '../config/config';
import type { FormatAdapter } from './adapter';
import type { Recognised } from './registry';
import { helmValuesSchema } from './helm-values';

/**
 * Schemas a workspace maps in `.modelready.yaml` (`schemas:`), for documents no shipped format knows: a CRD
 * of the team's own, say. They are validated; they have no facts, so no readiness rule judges them.
 */
const adapters = new WeakMap<UserSchema, FormatAdapter>();

function adapterFor(s: UserSchema): FormatAdapter {
  let a = adapters.get(s);
  if (!a) {
    const schema = s.fromCrd ? closeStructural(withObjectHeader(s.schema)) : s.chartValues ? helmValuesSchema(s.schema) : s.schema;
    a = {
      id: 'kubernetes',
      label: `schema ${s.label}`,
      matches: () => true,
      schemaFor: () => schema,
      schemaOptions: s.fromCrd ? { unknownPropertySeverity: 'warning' } : {},
      extract: () => ({ units: [], resources: [] }),
    };
    adapters.set(s, a);
  }
  return a;
}

/**
 * A CRD's schema is structural: the API server prunes fields it does not declare, except under
 * `x-kubernetes-preserve-unknown-fields`. Closing its objects makes those fields visible (as warnings).
 */
function closeStructural(node: unknown): Record<string, unknown> {
  if (Array.isArray(node)) return node.map(closeStructural) as unknown as Record<string, unknown>;
  if (node === null || typeof node !== 'object') return node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'default' || k === 'example' ? v : closeStructural(v);
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  return out;
}

/** Every object has `apiVersion`, `kind` and `metadata`, whether or not its CRD's schema says so. */
function withObjectHeader(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return { ...schema, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...properties } };
}

function fileMatches(s: UserSchema, uri: string): boolean {
  if (!s.files || !uri.startsWith(s.baseUri)) return false;
  const rel = decodeURIComponent(uri.slice(s.baseUri.length));
  return s.files.some((g) => minimatch(rel, g.replace(/^\.\//, ''), { dot: true }));
}

/** The first mapped schema for a document, by `apiVersion`/`kind` or by file glob. */
export function recogniseUserSchema(schemas: readonly UserSchema[] | undefined, uri: string, value: unknown): Recognised | undefined {
  if (!schemas?.length || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { apiVersion, kind } = value as Record<string, unknown>;
  const found = schemas.find(
    (s) => (s.apiVersion !== undefined && s.apiVersion === apiVersion && (s.kind === undefined || s.kind === kind)) || fileMatches(s, uri),
  );
  return found ? { adapter: adapterFor(found), apiVersion: String(apiVersion ?? ''), kind: String(kind ?? '') } : undefined;
}
