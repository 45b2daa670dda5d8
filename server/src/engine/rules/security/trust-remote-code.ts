import type { ContainerFacts, DeploymentUnit } from '../../facts/model';
import { factRange, unitPods } from '../../facts/model';
import { modelPin } from '../../facts/model-pin';
import type { PathSegment } from '../../parse/yaml';
import type { Fix, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, ALL_PROFILES, defineRule } from '../define';
import { flagIndex, tokenRange } from './support';
import { insertSequenceItemAfter, removeSequenceItem } from '../../fix/edits';
import { lazyFix } from '../../fix/lazy';

const PIN = '${1:<40-hex commit of the reviewed code>}';

/** The flag in the args or command of a serving container of any pod of the unit, the serving container first. */
function flagAt(unit: DeploymentUnit): { c: ContainerFacts; list: 'args' | 'command'; index: number } | undefined {
  const pod = unit.pod;
  const primary = pod?.primary !== undefined ? pod.containers[pod.primary] : undefined;
  const containers = [...(primary ? [primary] : []), ...unitPods(unit).flatMap((p) => p.containers).filter((x) => x !== primary)];
  for (const c of containers) {
    for (const list of ['args', 'command'] as const) {
      // KServe's Hugging Face server spells it with underscores; the runtime parser does not read that server's flags.
      const index = [flagIndex(c[list], '--trust-remote-code'), flagIndex(c[list], '--trust_remote_code')].find((i) => i >= 0);
      if (index !== undefined) return { c, list, index };
    }
  }
  return undefined;
}

/**
 * A model server workload: `--trust-remote-code` (vLLM, SGLang, TGI, KServe's `--trust_remote_code`),
 * `TRUST_REMOTE_CODE=true`, or `trust_remote_code: true` in a RayService's engine_kwargs, without a pinned
 * revision. Judged only for a model from a hub or registry: code from a local path or volume is not downloaded,
 * and a placeholder model is not known.
 */
function checkWorkload(unit: DeploymentUnit, report: (r: Report) => void): void {
  if (!unit.isModelServer) return;
  const hit = flagAt(unit);
  const argIndex = hit?.index ?? -1;
  const on = unit.spec.serving?.trustRemoteCode === true || argIndex >= 0;
  const pin = modelPin(unit);
  if (!on || !pin.codeJudged || pin.code) return;
  const source: readonly PathSegment[] | undefined = unit.spec.serving?.trustRemoteCode === true ? unit.sourcePath('serving.trustRemoteCode') : hit ? [...hit.c.path, hit.list, argIndex] : undefined;
  const ray = unit.kind === 'RayService';
  const flag = ray ? '`trust_remote_code: true` (engine_kwargs)' : '`--trust-remote-code`';
  const revisionFlag = ray ? '`revision` in engine_kwargs' : unit.kind === 'InferenceService' && argIndex >= 0 ? '`--model_revision`' : '`--revision`';
  const model = { revision: pin.revision };
  const related: RelatedLocation[] = [];
  if (typeof model.revision === 'string') {
    related.push({ uri: unit.uri, range: factRange(unit, 'model.revision'), message: `The revision \`${model.revision}\` is a branch or tag, not a commit: it can move.` });
  }
  const revisionText = typeof model.revision === 'string' ? `the revision is \`${model.revision}\`, which can move` : `no ${revisionFlag} pins the model`;
  const fixes: Fix[] = [];
  const written = source ? unit.doc.locate(source).node : undefined;
  const whole = written && 'value' in written && typeof written.value === 'string' && /^--trust[-_]remote[-_]code$/.test(written.value);
  if (source && whole && typeof source[source.length - 1] === 'number' && !ray) {
    const pinFlag = revisionFlag === '`--model_revision`' ? '--model_revision' : '--revision';
    const pinEdits = insertSequenceItemAfter(unit.doc, source, `${pinFlag}=${PIN}`);
    if (pinEdits.length) fixes.push({ title: `Pin the model with ${pinFlag}`, edits: pinEdits, snippet: true });
    const off = removeSequenceItem(unit.doc, source);
    if (off.length) fixes.push({ title: 'Remove --trust-remote-code (the model must be supported natively)', edits: off });
  }
  report({
    at: source ? tokenRange(unit.doc, source, ray ? 'trust_remote_code' : hit ? hit.c[hit.list][argIndex] : '--trust-remote-code') : factRange(unit, 'serving.trustRemoteCode'),
    message: `${flag} runs Python code from the model repository, and ${revisionText}: a push to that repository changes the code your server executes on its next start. Pin ${revisionFlag} to the 40-character commit you reviewed${unit.kind === 'InferenceService' ? ' (or `storageUri: hf://org/model:<commit>`)' : unit.kind === 'LLMInferenceService' ? ' (or `model.uri: hf://org/model:<commit>`)' : ''}, or turn it off.`,
    fixes,
    related,
  });
}

export default defineRule({
  meta: {
    id: 'security/trust-remote-code',
    area: 'security',
    severity: 'error',
    description: '`--trust-remote-code` runs Python code from the model repository: only with the revision pinned to a commit or digest.',
    rationale:
      'With trust_remote_code the runtime imports and executes the modelling code shipped in the model repository (Hugging Face transformers-mlinter TRF014: "allows arbitrary loading, including binaries"). Without a pinned commit, whoever can push to that repository decides what code runs in your server on its next restart.',
    formats: ALL_FORMATS,
    profiles: ALL_PROFILES,
    // The fixes (turn it off, pin a revision) need a human decision: none is applied by fix-all.
    fixable: false,
  },
  check({ unit, report }) {
    if (!unit.declaration) {
      checkWorkload(unit, report);
      return;
    }
    const serving = unit.spec.serving ?? {};
    const argIndex = flagIndex(serving.args, '--trust-remote-code');
    const on = serving.trustRemoteCode === true || argIndex >= 0;
    const pin = modelPin(unit);
    if (!on || !pin.codeJudged || pin.code) return;

    const model = unit.spec.model ?? {};
    const related: RelatedLocation[] = [];
    if (typeof model.revision === 'string') {
      related.push({ uri: unit.uri, range: factRange(unit, 'model.revision'), message: `\`model.revision\` \`${model.revision}\` is a branch or tag, not a commit: it can move.` });
    }
    const at = serving.trustRemoteCode === true ? 'serving.trustRemoteCode' : `serving.args.${argIndex}`;
    const fixes: Fix[] = [];
    if (serving.trustRemoteCode === true) {
      fixes.push(lazyFix({ title: 'Turn trust-remote-code off (the model must be supported natively)', edits: () => unit.edit.set('serving.trustRemoteCode', 'false') }));
    }
    fixes.push(lazyFix({
      title: 'Pin model.revision to a commit',
      edits: () => unit.edit.set('model.revision', '${1:<40-hex commit of the reviewed code>}'),
      snippet: true,
    }));
    const revisionText =
      typeof model.revision === 'string' ? `\`model.revision\` is \`${model.revision}\`, which can move` : 'no `model.revision` pins the weights';
    report({
      at,
      message: `${at === 'serving.trustRemoteCode' ? '`serving.trustRemoteCode`' : '`--trust-remote-code`'} runs Python code from the model repository, and ${revisionText}: a push to that repository changes the code your server executes. Pin \`model.revision\` to the 40-character commit you reviewed (or \`model.digest\`), or turn it off.`,
      fixes,
      related,
    });
  },
});
