import { isFragment, notModelServer } from '../support/workload';
import { insertKeys, mergeInserts, replaceValue } from '../../fix/edits';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { replicaCeiling, runtimeName } from './support';
import { rangeWithin } from '../support/kube';
import { stated } from '../support/values';

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
    if (unit.format !== 'modeldeployment') {
      // A Kustomize patch's volumes are its base's.
      if (typeof uri !== 'string' || isFragment(unit)) return;
      // Kubernetes, LeaderWorkerSet: the adapter saw a Hub model and no volume in the serving container. KServe
      // (storage initializer) and Ray Serve (model_source) download a Hub model at every start of a pod.
      const downloads = source === 'download' || (source === undefined && (unit.format === 'kserve' || unit.kind === 'RayService') && /^hf:\/\//i.test(uri));
      if (!downloads) return;
      const how =
        unit.format === 'kserve'
          ? 'KServe\'s storage initializer downloads them at every start of a pod'
          : unit.kind === 'RayService'
            ? 'Ray Serve downloads them on every worker that starts a replica'
            : `${runtimeName(unit.spec.serving?.runtime)} downloads them at every start of a pod`;
      const remedy =
        unit.format === 'kserve'
          ? 'Cache them on the nodes (a KServe LocalModelCache), or serve them from a volume (`pvc://`) or an OCI image (`oci://`)'
          : unit.kind === 'RayService'
            ? 'Mirror them to object storage or a shared volume the workers mount, and point `model_source` there'
            : 'Mount a PersistentVolumeClaim that holds the weights at the Hugging Face cache (`/root/.cache/huggingface`, or `HF_HOME`), or use an image volume';
      const uriSource = unit.sourcePath('model.uri');
      report({
        at: uriSource ? rangeWithin(unit.doc, uriSource, uri.replace(/^hf:\/\//i, '')) : 'model.uri',
        message: `The weights of ${uri} come from the Hugging Face Hub: ${how}, so every new replica waits for the download before it can serve, and a Hub outage or rate limit blocks scaling up. ${remedy}.`,
      });
      return;
    }
    const from = typeof uri === 'string' ? ` from ${uri.replace(/^(\w+):\/\/.*$/, '$1://')}` : '';
    const multi = replicaCeiling(unit.spec) > 1;
    const accessMode = stated(caching?.accessMode) ? [] : ([['accessMode', multi ? '${2:ReadOnlyMany}' : '${2:ReadWriteOnce}']] as const);
    if (typeof source === 'string') {
      report({
        at: 'scaling.caching.modelWeights',
        message: `\`scaling.caching.modelWeights\` is ${source}: every new replica downloads the weights${from} before it can serve, so scaling up takes minutes and a hub outage or rate limit blocks it. Pre-load the weights on a volume (\`pvc\`), a node-local or object-store cache, or bake them into the image.`,
        fixes: [
          {
            title: 'Load the weights from a volume (pvc)',
            edits: mergeInserts([...replaceValue(unit.doc, ['scaling', 'caching', 'modelWeights'], '${1:pvc}'), ...insertKeys(unit.doc, ['scaling', 'caching'], accessMode)]),
            isPreferred: true,
            snippet: true,
          },
        ],
      });
      return;
    }
    report({
      at: 'scaling.caching.modelWeights',
      message: `Where new replicas get the weights is not stated (\`scaling.caching.modelWeights\`): without a volume or cache each replica downloads them${from} at start, so scaling up takes minutes and a hub outage blocks it. State \`pvc\`, \`node-local\`, \`object-store-cache\` or \`image\`.`,
      fixes: [
        {
          title: 'Load the weights from a volume (pvc)',
          edits: insertKeys(unit.doc, ['scaling', 'caching'], [['modelWeights', '${1:pvc}'], ...accessMode]),
          isPreferred: true,
          snippet: true,
        },
      ],
    });
  },
});
