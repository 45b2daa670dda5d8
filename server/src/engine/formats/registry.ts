import type { UserSchema } from '../config/config';
import type { FormatAdapter } from './adapter';
import { configFileFormat, isConfigFile } from './config-file';
import { recogniseUserSchema } from './user-schemas';
import { nativeFormat } from './native';
import { kubernetesFormat } from './kubernetes';
import { kserveFormat } from './kserve';
import { kuberayFormat } from './kuberay';
import { leaderWorkerSetFormat } from './leaderworkerset';
import { inferencePoolFormat } from './inferencepool';
import { nimFormat } from './nim';
import { argoRolloutsFormat } from './argo-rollouts';
import { vllmStackFormat } from './vllm-stack';
import { kaitoFormat } from './kaito';
import { aibrixFormat } from './aibrix';
import { disaggregatedSetFormat } from './disaggregatedset';

/** Every format ModelReady reads, in the order they are tried (native first). */
export const FORMATS: readonly FormatAdapter[] = [nativeFormat, kubernetesFormat, argoRolloutsFormat, kserveFormat, kuberayFormat, leaderWorkerSetFormat, disaggregatedSetFormat, inferencePoolFormat, nimFormat, vllmStackFormat, kaitoFormat, aibrixFormat];

export interface Recognised {
  adapter: FormatAdapter;
  apiVersion: string;
  kind: string;
}

/**
 * Finds the adapter for a document's `apiVersion` + `kind`, or for a document without them, by its shape (a
 * chart's values file); unknown documents are left alone.
 */
export function recognise(value: unknown): Recognised | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { apiVersion, kind } = value as Record<string, unknown>;
  if (apiVersion === undefined && kind === undefined) {
    const byShape = FORMATS.find((f) => f.matchesShape?.(value as Record<string, unknown>));
    return byShape ? { adapter: byShape, apiVersion: '', kind: '' } : undefined;
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const adapter = FORMATS.find((f) => f.matches(apiVersion, kind));
  return adapter ? { adapter, apiVersion, kind } : undefined;
}

/**
 * The format of a workspace document, one answer for the validator and for completion and hover: the
 * configuration file by its name, then the shipped formats, then the schemas the workspace maps (`userSchemas`).
 */
export function recogniseDocument(uri: string, value: unknown, userSchemas: readonly UserSchema[] | undefined): Recognised | undefined {
  if (isConfigFile(uri)) return { adapter: configFileFormat, apiVersion: '', kind: '' };
  return recognise(value) ?? recogniseUserSchema(userSchemas, uri, value);
}
