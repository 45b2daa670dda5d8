import { factRange } from '../../facts/model';
import type { Fix, RelatedLocation } from '../../types';
import { ALL_PROFILES, defineRule } from '../define';
import { flagIndex, revisionPinned, setValue } from './support';

export default defineRule({
  meta: {
    id: 'security/trust-remote-code',
    area: 'security',
    severity: 'error',
    description: '`--trust-remote-code` runs Python code from the model repository: only with the revision pinned to a commit or digest.',
    rationale:
      'With trust_remote_code the runtime imports and executes the modelling code shipped in the model repository (Hugging Face transformers-mlinter TRF014: "allows arbitrary loading, including binaries"). Without a pinned commit, whoever can push to that repository decides what code runs in your server on its next restart.',
    formats: ['modeldeployment'],
    profiles: ALL_PROFILES,
    // The fixes (turn it off, pin a revision) need a human decision: none is applied by fix-all.
    fixable: false,
  },
  check({ unit, report }) {
    const serving = unit.spec.serving ?? {};
    const argIndex = flagIndex(serving.args, '--trust-remote-code');
    const on = serving.trustRemoteCode === true || argIndex >= 0;
    if (!on || revisionPinned(unit)) return;

    const model = unit.spec.model ?? {};
    const related: RelatedLocation[] = [];
    if (typeof model.revision === 'string') {
      related.push({ uri: unit.uri, range: factRange(unit, 'model.revision'), message: `\`model.revision\` \`${model.revision}\` is a branch or tag, not a commit: it can move.` });
    }
    const at = serving.trustRemoteCode === true ? 'serving.trustRemoteCode' : `serving.args.${argIndex}`;
    const fixes: Fix[] = [];
    if (serving.trustRemoteCode === true) {
      fixes.push({ title: 'Turn trust-remote-code off (the model must be supported natively)', edits: setValue(unit, 'serving.trustRemoteCode', 'false') });
    }
    fixes.push({
      title: 'Pin model.revision to a commit',
      edits: setValue(unit, 'model.revision', '${1:<40-hex commit of the reviewed code>}'),
      snippet: true,
    });
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
