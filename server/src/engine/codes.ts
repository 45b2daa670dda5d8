import type { Area } from './vocabulary';
import type { Severity } from './types';

/** Diagnostic codes that are not readiness rules: they have docs pages too, under docs/rules/<area>/. */
export interface BuiltinCode {
  id: string;
  area: 'schema' | 'meta';
  severity: Exclude<Severity, 'hint'>;
  description: string;
}

export const BUILTIN_CODES: readonly BuiltinCode[] = [
  { id: 'meta/expired-suppression', area: 'meta', severity: 'info', description: 'A suppression comment whose `until` date has passed.' },
  { id: 'meta/internal-error', area: 'meta', severity: 'error', description: 'A rule failed or a document took too long; the other checks still ran.' },
  { id: 'meta/kustomize-build', area: 'meta', severity: 'warning', description: 'A Kustomize overlay that `kubectl kustomize` or `kustomize build` could not build (only when a build tool is named).' },
  { id: 'meta/limit', area: 'meta', severity: 'warning', description: 'A file is over a configured limit (size, documents, depth) and was not fully checked.' },
  { id: 'meta/suppression-reason', area: 'meta', severity: 'info', description: 'A suppression comment without a `-- reason`.' },
  { id: 'meta/template', area: 'meta', severity: 'info', description: 'A template file (Helm, Jinja) that is checked only after rendering.' },
  { id: 'meta/unused-suppression', area: 'meta', severity: 'info', description: 'A suppression comment or annotation that suppresses nothing.' },
  { id: 'schema/invalid', area: 'schema', severity: 'error', description: 'The document does not match the JSON Schema of its format.' },
  { id: 'schema/yaml-syntax', area: 'schema', severity: 'error', description: 'The file is not valid YAML (syntax, duplicate keys, tabs, bad indentation, unresolved aliases).' },
];

export type AnyArea = Area | BuiltinCode['area'];
