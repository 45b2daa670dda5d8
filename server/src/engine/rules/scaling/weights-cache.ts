import { isFragment, notModelServer } from '../support/workload';
import { mergePlans } from '../../fix/edits';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { replicaCeiling, runtimeName } from './support';
import { rangeWithin } from '../support/kube';
import { stated } from '../support/values';
import { fixesFor } from '../support/fixes';

/** Sources that give a new replica its weights without a download from the hub. */
const CACHED = new Set(['pvc', 'node-local', 'object-store-cache', 'image']);

export default defineRule({
  meta: {
    id: 'scaling/weights-cache',
    area: 'scaling',
    severity: 'warning',
    description: 'New replicas get the weights from a volume or cache, not from a fresh download of the model hub.',
    rationale:
      'vLLM "Using Kubernetes" mounts a PersistentVolumeClaim at the Hugging Face cache so the weights are downloaded once; KServe\'s LocalModelCache exists for the same reason. A replica that downloads tens of gigabytes at every start scales up in minutes, not seconds, and a hub outage or rate limit blocks scale-up.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check(context) {
    const { unit, report } = context;
    if (notModelServer(context)) return;
    const uri = unit.spec.model?.uri;
    // Weights already on a volume (pvc://) or in an OCI artifact the node caches (oci://, KServe modelcars).
    if (typeof uri === 'string' && /^(pvc|oci):\/\//i.test(uri)) return;
    const caching = unit.spec.scaling?.caching;
    const source = caching?.modelWeights;
    if (typeof source === 'string' && CACHED.has(source)) return;
    // A Kustomize patch's volumes are its base's.
    if (isFragment(unit)) return;
    const fact = 'scaling.caching.modelWeights';
    const multi = replicaCeiling(unit.spec) > 1;
    const accessMode = stated(caching?.accessMode) ? [] : ([['accessMode', multi ? '${2:ReadOnlyMany}' : '${2:ReadWriteOnce}']] as const);
    if (source === undefined) {
      // Only a declaration leaves it unstated; a workload's adapter says what its pods do.
      if (!unit.declaration) return;
      const from = typeof uri === 'string' ? ` from ${uri.replace(/^(\w+):\/\/.*$/, '$1://')}` : '';
      report({
        at: fact,
        message: `Where new replicas get the weights is not stated (${unit.describe(fact)}): without a volume or cache each replica downloads them${from} at start, so scaling up takes minutes and a hub outage blocks it. State \`pvc\`, \`node-local\`, \`object-store-cache\` or \`image\`.`,
        fixes: fixesFor({ title: 'Load the weights from a volume (pvc)', edits: unit.plan.addKeys('scaling.caching', [['modelWeights', '${1:pvc}'], ...accessMode]), isPreferred: true, snippet: true }),
      });
      return;
    }
    // A workload whose model is unknown: what it downloads, and from where, is not known either.
    if (typeof source !== 'string' || (typeof uri !== 'string' && !unit.declaration)) return;
    // Where the download is stated: the model id in the flag, the storage URI or the Serve config that names it.
    const where = unit.sourcePath(fact);
    const needle = typeof uri === 'string' ? uri.replace(/^hf:\/\//i, '') : '';
    const at = where && unit.doc.locate(where).node ? rangeWithin(unit.doc, where, needle) : fact;
    // A declaration states the source as a setting of its own; a workload's is read from its pods (a volume to mount, no one edit).
    const switchToVolume = unit.declaration
      ? fixesFor({
          title: 'Load the weights from a volume (pvc)',
          edits: mergePlans([unit.plan.set(fact, '${1:pvc}'), unit.plan.addKeys('scaling.caching', accessMode)]),
          isPreferred: true,
          snippet: true,
        })
      : [];
    if (source === 'download' && typeof uri === 'string' && /^hf:\/\//i.test(uri)) {
      report({
        at,
        message: `The weights of ${uri} come from the Hugging Face Hub: ${runtimeName(unit.spec.serving?.runtime)} downloads them at every start of a pod, so every new replica waits for the download before it can serve, and a Hub outage or rate limit blocks scaling up. Keep them where a new pod finds them: a PersistentVolumeClaim at the Hugging Face cache (\`/root/.cache/huggingface\`, or \`HF_HOME\`; \`pvc://\` for KServe), a node cache (a KServe LocalModelCache), object storage or a shared volume the workers mount (Ray Serve \`model_source\`), or an image (\`oci://\`, an image volume).`,
        fixes: switchToVolume,
      });
      return;
    }
    const from = typeof uri === 'string' ? ` from ${uri.replace(/^(\w+):\/\/.*$/, '$1://')}` : '';
    report({
      at,
      message: `${unit.describe(fact)} is ${source}: every new replica downloads the weights${from} before it can serve, so scaling up takes minutes and a hub outage or rate limit blocks it. Pre-load the weights on a volume (\`pvc\`), a node-local or object-store cache, or bake them into the image.`,
      fixes: switchToVolume,
    });
  },
});
