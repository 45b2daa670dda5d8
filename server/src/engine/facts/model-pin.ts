import { shellWords } from '../runtime';
import type { DeploymentUnit } from './model';
import { unitPods } from './model';
import { isPlaceholder } from './placeholder';

/**
 * The one answer to "are the model's weights (and code) pinned?", for model-revision-pinned and
 * trust-remote-code alike.
 */

const COMMIT = /^[0-9a-f]{40}$/i;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** Whether a revision names one immutable version: a full commit hash or a content digest (a branch or tag can move). */
export function immutableRevision(rev: string | undefined): boolean {
  return !!rev && (COMMIT.test(rev.trim()) || DIGEST.test(rev.trim()));
}

/**
 * Where the weights come from, as far as pinning goes: only the Hugging Face Hub (a moving default branch,
 * pinned by a commit) and OCI registries (moving tags, pinned by a digest) have a pin the server honours. A local
 * path, a volume or an object-store prefix holds whatever was put there: there is no revision to ask for.
 */
export type ModelSource = 'hub' | 'oci' | 'local' | 'object-store' | 'placeholder' | 'unknown';

export function modelSource(uri: string | undefined): ModelSource {
  if (!uri) return 'unknown';
  if (isPlaceholder(uri)) return 'placeholder';
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri)?.[1].toLowerCase();
  if (scheme === 'hf') return 'hub';
  if (scheme === 'oci') return 'oci';
  if (!scheme) return uri.startsWith('/') || uri.startsWith('./') || uri.startsWith('~/') ? 'local' : 'unknown';
  if (scheme === 'file' || scheme === 'pvc' || scheme === 'local') return 'local';
  return 'object-store'; // s3, gs, gcs, azure, tos, oss, http(s), ...
}

/** Whether a URI carries its own pin: `hf://org/model:<commit>` (KServe), `hf://org/model@<commit>`, `oci://…@sha256:…`. */
export function uriPinned(uri: string): boolean {
  return /^hf:\/\/[^:@]+[:@][0-9a-f]{40}$/i.test(uri) || /@sha(256|512):[a-f0-9]{64,128}$/.test(uri);
}

export interface ModelPin {
  source: ModelSource;
  /** The model reference (`hf://org/model`, `oci://…`, a path), when known. */
  uri?: string;
  /** The revision as written, when one is given and is no placeholder. */
  revision?: string;
  /** The weights are pinned (a commit or digest, in the revision or in the URI). */
  weights: boolean;
  /** The code `--trust-remote-code` runs is pinned: the weights' pin, or `--code-revision <commit>`. */
  code: boolean;
  /** Pinning the weights means something for this source and every fact is known: rules judge only then. */
  judged: boolean;
  /** The same for the code: also the `--code-revision` is known. */
  codeJudged: boolean;
}

/** `--code-revision` (vLLM, SGLang) in the args or shell script of any serving container of the unit. */
function codeRevision(unit: DeploymentUnit): string | undefined {
  for (const pod of unitPods(unit)) {
    for (const c of pod.containers) {
      const words = [...c.command, ...c.args].flatMap((w) => (/\s/.test(w.trim()) ? shellWords(w) : [w]));
      for (let i = 0; i < words.length; i++) {
        const m = /^--code[-_]revision(?:=(.*))?$/.exec(words[i]);
        if (m) return m[1] ?? words[i + 1];
      }
    }
  }
  return undefined;
}

/** Per unit (facts do not change once extracted): two rules ask, and the code revision reads every container's words. */
const pins = new WeakMap<DeploymentUnit, ModelPin>();

/** Whether the unit's model weights and code are pinned, and whether that can be judged at all. */
export function modelPin(unit: DeploymentUnit): ModelPin {
  let pin = pins.get(unit);
  if (!pin) pins.set(unit, (pin = judgePin(unit)));
  return pin;
}

function judgePin(unit: DeploymentUnit): ModelPin {
  const model = unit.spec.model ?? {};
  const uri = typeof model.uri === 'string' ? model.uri.trim() : undefined;
  const written = typeof model.revision === 'string' ? model.revision.trim() : undefined;
  const revisionUnknown = written !== undefined && isPlaceholder(written);
  const revision = revisionUnknown ? undefined : written;
  const digest = typeof model.digest === 'string' && DIGEST.test(model.digest.trim());
  const source = modelSource(uri);
  const weights = digest || immutableRevision(revision) || (!!uri && uriPinned(uri));
  const codeRev = codeRevision(unit);
  const code = weights || immutableRevision(codeRev);
  const codeUnknown = codeRev !== undefined && isPlaceholder(codeRev);
  const judged = (source === 'hub' || source === 'oci') && !revisionUnknown;
  return { source, uri, revision, weights, code, judged, codeJudged: judged && !codeUnknown };
}
