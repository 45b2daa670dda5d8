import type { FormatAdapter } from './adapter';
import { schemaFormat } from './schemas';
import { makeResource } from './workload';
import inferencepool from '../../../../schemas/crds/inferencepool-inference-v1.json';

const SCHEMAS: Readonly<Record<string, object>> = { 'inference.networking.k8s.io/v1/InferencePool': inferencepool };

/** Gateway API Inference Extension: an InferencePool routes to the model server pods its selector matches. */
export const inferencePoolFormat: FormatAdapter = schemaFormat({
  id: 'inferencepool',
  label: 'InferencePool',
  schemas: SCHEMAS,
  extract: (doc, value, uri) => ({ units: [], resources: [makeResource(uri, doc, String(value.apiVersion), String(value.kind), value)] }),
});
