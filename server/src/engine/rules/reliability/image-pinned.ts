import type { DeploymentUnit } from '../../facts/model';
import { replaceValue } from '../../fix/edits';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { setFactValue, str } from './support';
import { isKube, primaryContainer } from '../support/workload';

interface Options extends Record<string, unknown> {
  /** Report images pinned by tag only (no digest) as well. */
  requireDigest: boolean;
  /** Tags that move (besides anything ending in `latest`). */
  floatingTags: string[];
}

/** Splits an image reference into name, tag and digest (`registry:5000/org/img:tag@sha256:...`). */
export function parseImage(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  const slash = rest.lastIndexOf('/');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/image-pinned',
    area: 'reliability',
    severity: 'error',
    description: 'The serving image is pinned: no `:latest` or missing tag; a digest is preferred.',
    rationale:
      'A moving tag changes what runs without a manifest change: every restart or new replica may pull a different model-server version with different flags and defaults (kube-score container-image-tag, Polaris tagNotSpecified, kube-linter latest-tag; vLLM\'s own k8s example uses :latest).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { requireDigest: false, floatingTags: ['latest', 'nightly', 'main', 'master', 'edge', 'dev'] },
  },
  check({ unit, options, report }) {
    if (isKube(unit)) {
      checkContainers(unit, options, report);
      return;
    }
    const image = str(unit.spec.serving?.image);
    if (!image) return;
    const verdict = judge(image, options);
    if (!verdict) return;
    report({
      at: 'serving.image',
      message: verdict.message('`serving.image`'),
      data: { name: verdict.name, tag: verdict.tag },
      // Never preferred: fix-all must not invent a digest. The snippet puts the cursor where the digest goes.
      fixes: [{ title: 'Pin the image by digest', edits: setFactValue(unit, 'serving.image', verdict.pinned), snippet: true }],
    });
  },
});

interface Verdict {
  name: string;
  tag?: string;
  pinned: string;
  message(subject: string, what?: string): string;
}

/** Whether an image reference moves (or, with `requireDigest`, lacks a digest), with the message and the pinned form. */
function judge(image: string, options: Options): Verdict | undefined {
  const { name, tag, digest } = parseImage(image.trim());
  if (digest) return undefined; // a digest pins the image whatever the tag says
  const floating = Array.isArray(options.floatingTags) ? options.floatingTags : [];
  const moving = !tag || floating.includes(tag) || /(^|[-_.])latest$/.test(tag);
  if (!moving && !options.requireDigest) return undefined;
  return {
    name,
    tag,
    pinned: moving ? `${name}@sha256:\${1:digest}` : `${name}:${tag}@sha256:\${1:digest}`,
    message: (subject, what = 'server version') =>
      !tag
        ? `${subject} has no tag, so it means \`${name}:latest\`: every restart may pull a different ${what}. Pin it by digest (\`${name}@sha256:...\`) or at least a version tag.`
        : moving
          ? `${subject} uses the moving tag \`:${tag}\`: every restart may pull a different ${what}. Pin it by digest (\`${name}@sha256:...\`) or at least a version tag.`
          : `${subject} is pinned by tag \`:${tag}\` only; a tag can be re-pushed. Add the digest (\`${name}:${tag}@sha256:...\`).`,
  };
}

/** Kubernetes family: every container of a model server's pod, init containers too, reported on its image. */
function checkContainers(unit: DeploymentUnit, options: Options, report: (r: Report) => void): void {
  if (!unit.isModelServer || !unit.pod) return;
  const primary = primaryContainer(unit);
  for (const c of [...(unit.pod.initContainers ?? []), ...unit.pod.containers]) {
    const image = str(c.image);
    // No image: the platform fills it (a KServe ServingRuntime); `${VAR}`: a template rendered later.
    if (!image || image.includes('$')) continue;
    const verdict = judge(image, options);
    if (!verdict) continue;
    const path = [...c.path, 'image'];
    report({
      at: unit.doc.rangeAt(path),
      message: verdict.message(`The image of ${c.init ? 'init container' : 'container'} \`${c.name || '(unnamed)'}\``, c === primary ? 'server version' : 'version'),
      data: { name: verdict.name, tag: verdict.tag, container: c.name },
      fixes: [{ title: 'Pin the image by digest', edits: replaceValue(unit.doc, path, verdict.pinned), snippet: true }],
    });
  }
}
