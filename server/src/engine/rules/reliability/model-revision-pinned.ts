import { defineRule, PRODUCTION_AND_UP } from '../define';
import type { Fix } from '../../types';
import { insertKeys, setValue, str } from './support';

const COMMIT = /^[0-9a-f]{40}$/i;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** Whether a URI carries its own pin: KServe's `hf://org/model:<commit>` or an OCI reference with a digest. */
function uriPinned(uri: string): boolean {
  return /^hf:\/\/[^:@]+:[0-9a-f]{40}$/i.test(uri) || /@sha(256|512):[a-f0-9]+$/.test(uri);
}

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
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const model = unit.spec.model;
    if (!model || typeof model !== 'object') return;
    const uri = str(model.uri);
    if (!uri) return;
    const revision = str(model.revision);
    const digest = str(model.digest);
    const pinned = (rev: string | undefined) => !!rev && (COMMIT.test(rev) || DIGEST.test(rev));

    if (!(digest && DIGEST.test(digest)) && !uriPinned(uri) && !pinned(revision)) {
      if (revision) {
        report({
          at: 'model.revision',
          message: `\`model.revision: ${revision}\` is a branch or tag, which can move: replicas started on different days may load different weights. Pin the commit hash (40 hex characters) of the evaluated version.`,
          fixes: [{ title: 'Pin the revision to a commit', edits: setValue(unit, 'model.revision', '${1:commit-sha}'), snippet: true }],
        });
      } else {
        const fixes: Fix[] =
          scheme(uri) === 'hf'
            ? [{ title: 'Add a pinned revision', edits: insertKeys(unit, 'model', [['revision', '${1:commit-sha}']]), snippet: true }]
            : [{ title: 'Add the weights digest', edits: insertKeys(unit, 'model', [['digest', 'sha256:${1:digest}']]), snippet: true }];
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
      if (!aUri || scheme(aUri) !== 'hf' || uriPinned(aUri) || pinned(str(adapter.revision))) return;
      const rev = str(adapter.revision);
      report({
        at: rev ? `model.adapters.${i}.revision` : `model.adapters.${i}.uri`,
        message: rev
          ? `Adapter \`${adapter.name ?? aUri}\` uses revision \`${rev}\`, a branch or tag that can move. Pin its commit hash.`
          : `Adapter \`${adapter.name ?? aUri}\` is not pinned: add \`revision\` with the adapter repository's commit hash.`,
        fixes: [
          {
            title: 'Pin the adapter revision',
            edits: rev ? setValue(unit, `model.adapters.${i}.revision`, '${1:commit-sha}') : insertKeys(unit, `model.adapters.${i}`, [['revision', '${1:commit-sha}']]),
            snippet: true,
          },
        ],
      });
    });
  },
});
