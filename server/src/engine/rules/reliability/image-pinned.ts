import { imagePlaceholderIn, placeholderMessage } from '../../facts/placeholder';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { unitImages } from '../support/workload';
import { lazyFix } from '../../fix/lazy';

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
    description: 'The serving image is pinned: no `:latest`, moving tag or missing tag; a digest is preferred.',
    rationale:
      'A moving tag changes what runs without a manifest change: every restart or new replica may pull a different model-server version with different flags and defaults (kube-score container-image-tag, Polaris tagNotSpecified, kube-linter latest-tag; vLLM\'s own k8s example uses :latest).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { requireDigest: false, floatingTags: ['latest', 'nightly', 'main', 'master', 'edge', 'dev'] },
  },
  check({ unit, options, report }) {
    if (!unit.isModelServer) return;
    for (const { image, at, subject, primary, name, rewrite } of unitImages(unit)) {
      const placeholder = imagePlaceholderIn(image);
      if (placeholder) {
        // `$(VAR)` and `dummy` are not images to fill in; only a template gets the placeholder finding.
        if (placeholder.kind === 'template') report(placeholderReport(at, subject, image, placeholder));
        continue;
      }
      const verdict = judge(image, options);
      if (!verdict) continue;
      report({
        at,
        message: verdict.message(subject, primary ? 'server version' : 'version'),
        severity: verdict.severity,
        data: name !== undefined ? { name: verdict.name, tag: verdict.tag, container: name } : { name: verdict.name, tag: verdict.tag },
        // Never preferred: fix-all must not invent a digest. The snippet puts the cursor where the digest goes.
        fixes: [lazyFix({ title: 'Pin the image by digest', edits: () => rewrite(verdict.pinned, verdict.tag), snippet: true })],
      });
    }
  },
});

interface Verdict {
  name: string;
  tag?: string;
  pinned: string;
  severity: 'error' | 'warning';
  message(subject: string, what?: string): string;
}

/** Release channels: they move, but only from release to release. */
const CHANNEL_TAGS = /^(stable|release|lts)$/;
/** A repository name that carries the version (`…-inference-cu121.2-1.ubuntu2204.py310`): its `:latest` is rebuilt, not replaced. */
const VERSIONED_NAME = /[-_.]v?\d+[.-]\d+/;

/** Whether an image reference moves (or, with `requireDigest`, lacks a digest), with the message and the pinned form. */
function judge(image: string, options: Options): Verdict | undefined {
  const { name, tag, digest } = parseImage(image.trim());
  if (digest) return undefined; // a digest pins the image whatever the tag says
  const floating = Array.isArray(options.floatingTags) ? options.floatingTags : [];
  const channel = !!tag && CHANNEL_TAGS.test(tag);
  const moving = !tag || channel || floating.includes(tag) || /(^|[-_.])latest$|^latest[-_.]/.test(tag);
  if (!moving && !options.requireDigest) return undefined;
  const versionedName = !tag && VERSIONED_NAME.test(name.slice(name.lastIndexOf('/') + 1));
  // An error only where a different server version can come in; a channel or a versioned name moves within it.
  const severity = moving && (channel || versionedName) ? 'warning' : 'error';
  return {
    name,
    tag,
    pinned: moving ? `${name}@sha256:\${1:digest}` : `${name}:${tag}@sha256:\${1:digest}`,
    severity,
    message: (subject, what = 'server version') =>
      versionedName
        ? `${subject} has no tag, so it means \`${name}:latest\`: the version in its name stays, but the image behind \`:latest\` is rebuilt (patches, dependencies), so replicas started on different days may run different builds. Pin it by digest (\`${name}@sha256:...\`) or a dated tag.`
        : !tag
          ? `${subject} has no tag, so it means \`${name}:latest\`: every restart may pull a different ${what}. Pin it by digest (\`${name}@sha256:...\`) or at least a version tag.`
          : channel
            ? `${subject} uses the release channel \`:${tag}\`: the next release replaces it, so replicas started after it run a different ${what}. Pin a version tag or a digest (\`${name}@sha256:...\`).`
            : moving
              ? `${subject} uses the moving tag \`:${tag}\`: every restart may pull a different ${what}. Pin it by digest (\`${name}@sha256:...\`) or at least a version tag.`
              : `${subject} is pinned by tag \`:${tag}\` only; a tag can be re-pushed. Add the digest (\`${name}:${tag}@sha256:...\`).`,
  };
}

/** The placeholder finding (as the schema layer gives it): the image is not known until the file is filled in. */
function placeholderReport(at: Report['at'], subject: string, image: string, placeholder: NonNullable<ReturnType<typeof imagePlaceholderIn>>): Report {
  return { at, message: placeholderMessage(subject, image, placeholder), severity: 'warning', data: { kind: 'placeholder' } };
}
