import { isScalar } from 'yaml';
import type { DeploymentUnit } from '../../facts/model';
import { immutableRevision, modelPin, uriPinned } from '../../facts/model-pin';
import { insertKeys, planAppendToSequence, planReplaceValue, replaceValue, setValue } from '../../fix/edits';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import type { EditPlan, Fix } from '../../types';
import { docPath, primaryContainer } from '../support/workload';
import { str } from '../support/values';
import { lazyFix } from '../../fix/lazy';
import { fixesFor } from '../support/fixes';

function scheme(uri: string): string {
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1].toLowerCase() ?? '';
}

/** What to write, by the weights' source: a commit for the Hugging Face Hub, a digest elsewhere. */
function advice(uri: string): string {
  return scheme(uri) === 'hf'
    ? 'set `revision` to the commit hash (40 hex characters) of the version you evaluated'
    : 'set `digest` (sha256 of the weights artifact) or a `revision` that cannot change';
}

export default defineRule({
  meta: {
    id: 'reliability/model-revision-pinned',
    area: 'reliability',
    severity: 'warning',
    description: 'Model weights are pinned to a commit or digest (`model.revision`, `model.digest`).',
    rationale:
      'Without a pinned revision the runtime loads "the default version" (vLLM --revision docs), i.e. whatever the repository\'s main branch holds at pod start: two replicas can serve different weights, and the version that passed evaluation is not the one in production (KServe hf://org/model:<hash> storage URIs exist for this reason).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    if (!unit.declaration) {
      checkKube(unit, report);
      return;
    }
    const model = unit.spec.model;
    if (!model || typeof model !== 'object') return;
    const uri = str(model.uri);
    if (!uri) return;
    const pin = modelPin(unit);
    const revision = pin.revision;
    // The native format has `digest` for weights outside a registry, so an object store is judged here too.
    const judged = pin.judged || (pin.source === 'object-store' && revision === str(model.revision));

    if (judged && !pin.weights) {
      if (revision) {
        report({
          at: 'model.revision',
          message: `\`model.revision: ${revision}\` is a branch or tag, which can move: replicas started on different days may load different weights. Pin the commit hash (40 hex characters) of the evaluated version.`,
          fixes: [lazyFix({ title: 'Pin the revision to a commit', edits: () => setValue(unit.doc, docPath(unit, 'model.revision'), '${1:commit-sha}'), snippet: true })],
        });
      } else {
        const fixes: Fix[] =
          scheme(uri) === 'hf'
            ? [lazyFix({ title: 'Add a pinned revision', edits: () => insertKeys(unit.doc, docPath(unit, 'model'), [['revision', '${1:commit-sha}']]), snippet: true })]
            : [lazyFix({ title: 'Add the weights digest', edits: () => insertKeys(unit.doc, docPath(unit, 'model'), [['digest', 'sha256:${1:digest}']]), snippet: true })];
        report({
          at: 'model.revision',
          message: `The weights at \`${uri}\` are not pinned: the runtime loads whatever the source holds at pod start. To pin them, ${advice(uri)}.`,
          fixes,
        });
      }
    }

    // LoRA adapters from the Hub move the same way.
    if (!Array.isArray(model.adapters)) return;
    model.adapters.forEach((adapter, i) => {
      if (!adapter || typeof adapter !== 'object') return;
      const aUri = str(adapter.uri);
      if (!aUri || scheme(aUri) !== 'hf' || uriPinned(aUri) || immutableRevision(str(adapter.revision))) return;
      const rev = str(adapter.revision);
      report({
        at: rev ? `model.adapters.${i}.revision` : `model.adapters.${i}.uri`,
        message: rev
          ? `Adapter \`${adapter.name ?? aUri}\` uses revision \`${rev}\`, a branch or tag that can move. Pin its commit hash.`
          : `Adapter \`${adapter.name ?? aUri}\` is not pinned: add \`revision\` with the adapter repository's commit hash.`,
        fixes: [
          lazyFix({
            title: 'Pin the adapter revision',
            edits: () => rev ? setValue(unit.doc, docPath(unit, `model.adapters.${i}.revision`), '${1:commit-sha}') : insertKeys(unit.doc, docPath(unit, `model.adapters.${i}`), [['revision', '${1:commit-sha}']]),
            snippet: true,
          }),
        ],
      });
    });
  },
});

/** Runtimes that take `--revision <commit>` on their command line. */
const REVISION_FLAG = new Set(['vllm', 'tgi', 'sglang']);

/**
 * Kubernetes family: Hugging Face Hub models only (`--model org/name`, `hf://` storage URIs): the Hub's default
 * branch moves, while a PVC, a local path or an object-store URI has no standard pin to ask for here, and a
 * placeholder model (`$MODEL_ID`, `<your-model>`) or revision is not known.
 */
function checkKube(unit: DeploymentUnit, report: (r: Report) => void): void {
  if (!unit.isModelServer) return;
  const pin = modelPin(unit);
  if (!pin.judged || pin.source !== 'hub' || pin.weights || !pin.uri) return;
  const uri = pin.uri;
  const revision = pin.revision;
  const runtime = str(unit.spec.serving?.runtime) ?? '';
  const model = uri.replace(/^hf:\/\//, '');
  // A storage URI (KServe's `storageUri`, an LLMInferenceService's `model.uri`) takes the commit after the name.
  const storage = /^(storageUri|uri)$/.test(String(unit.sourcePath('model.uri')?.slice(-1)[0] ?? ''));
  const how =
    unit.kind === 'RayService'
      ? 'set `revision` in the `engine_kwargs` of `serveConfigV2` to the commit hash (40 hex characters) of the version you evaluated'
      : unit.kind === 'modelSpec'
        ? 'set `modelRevision` to the commit hash (40 hex characters) of the version you evaluated'
        : storage
        ? `append the commit hash to the storage URI (\`hf://${model}:<commit>\`)`
        : REVISION_FLAG.has(runtime)
          ? 'pass `--revision <commit>` with the commit hash (40 hex characters) of the version you evaluated'
          : 'pin the commit hash (40 hex characters) of the version you evaluated';

  if (revision) {
    const segs = unit.sourcePath('model.revision');
    const { node } = segs ? unit.doc.locate(segs) : { node: undefined };
    const token = isScalar(node) ? String(node.value) : '';
    const replacement = /^--revision=/.test(token) ? '--revision=${1:commit-sha}' : '${1:commit-sha}';
    report({
      at: 'model.revision',
      message: `The model revision \`${revision}\` is a branch or tag, which can move: replicas started on different days may load different weights of \`${model}\`. Pin the commit hash (40 hex characters) of the evaluated version.`,
      fixes: segs && isScalar(node) ? [lazyFix({ title: 'Pin the revision to a commit', edits: () => replaceValue(unit.doc, segs, replacement), snippet: true })] : undefined,
    });
    return;
  }
  report({
    at: 'model.uri',
    message: `The weights of \`${model}\` are not pinned: the server loads whatever the Hub's default branch holds at pod start, so replicas may serve different weights than the version that was evaluated. To pin them, ${how}.`,
    fixes: revisionFix(unit, runtime, storage, model),
  });
}

function revisionFix(unit: DeploymentUnit, runtime: string, storage: boolean, model: string): Fix[] | undefined {
  let plan: EditPlan | undefined;
  if (storage) {
    plan = planReplaceValue(unit.doc, docPath(unit, 'model.uri'), `hf://${model}:\${1:commit-sha}`);
  } else if (REVISION_FLAG.has(runtime) && unit.kind !== 'RayService') {
    const c = primaryContainer(unit);
    if (!c) return undefined;
    // A model named inside a shell script (`sh -c "... vllm serve org/model"`) gets no automatic edit.
    const segs = unit.sourcePath('model.uri');
    const { node } = segs ? unit.doc.locate(segs) : { node: undefined };
    if (!isScalar(node) || /\s/.test(String(node.value).trim()) || /(^|\/)(ba|z|da)?sh$/.test(c.command[0] ?? '')) return undefined;
    const list = c.args.length ? 'args' : c.command.length ? 'command' : undefined;
    if (!list) return undefined;
    // Appended as a sequence item in the list's own style.
    plan = planAppendToSequence(unit.doc, docPath(unit, [...c.path, list]), ['--revision=${1:commit-sha}']);
  }
  return plan ? fixesFor({ title: 'Pin the model revision', edits: plan, snippet: true }) : undefined;
}
