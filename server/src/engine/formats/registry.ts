import type { FormatAdapter } from './adapter';
import { nativeFormat } from './native';
import { kubernetesFormat } from './kubernetes';
import { kserveFormat } from './kserve';
import { kuberayFormat } from './kuberay';
import { leaderWorkerSetFormat } from './leaderworkerset';
import { inferencePoolFormat } from './inferencepool';
import { nimFormat } from './nim';
import { argoRolloutsFormat } from './argo-rollouts';

/** Every format ModelReady reads, in the order they are tried (native first). */
export const FORMATS: readonly FormatAdapter[] = [nativeFormat, kubernetesFormat, argoRolloutsFormat, kserveFormat, kuberayFormat, leaderWorkerSetFormat, inferencePoolFormat, nimFormat];

export interface Recognised {
  adapter: FormatAdapter;
  apiVersion: string;
  kind: string;
}

/** Finds the adapter for a document's `apiVersion` + `kind`; unknown documents are left alone. */
export function recognise(value: unknown): Recognised | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const adapter = FORMATS.find((f) => f.matches(apiVersion, kind));
  return adapter ? { adapter, apiVersion, kind } : undefined;
}
