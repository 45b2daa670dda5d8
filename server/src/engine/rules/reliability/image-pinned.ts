import { defineRule, PRODUCTION_AND_UP } from '../define';
import { setValue, str } from './support';

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
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { requireDigest: false, floatingTags: ['latest', 'nightly', 'main', 'master', 'edge', 'dev'] },
  },
  check({ unit, options, report }) {
    const image = str(unit.spec.serving?.image);
    if (!image) return;
    const { name, tag, digest } = parseImage(image.trim());
    if (digest) return; // a digest pins the image whatever the tag says
    const floating = Array.isArray(options.floatingTags) ? options.floatingTags : [];
    const moving = !tag || floating.includes(tag) || /(^|[-_.])latest$/.test(tag);
    if (!moving && !options.requireDigest) return;
    const message = !tag
      ? `\`serving.image\` has no tag, so it means \`${name}:latest\`: every restart may pull a different server version. Pin it by digest (\`${name}@sha256:...\`) or at least a version tag.`
      : moving
        ? `\`serving.image\` uses the moving tag \`:${tag}\`: every restart may pull a different server version. Pin it by digest (\`${name}@sha256:...\`) or at least a version tag.`
        : `\`serving.image\` is pinned by tag \`:${tag}\` only; a tag can be re-pushed. Add the digest (\`${name}:${tag}@sha256:...\`).`;
    const pinned = moving ? `${name}@sha256:\${1:digest}` : `${name}:${tag}@sha256:\${1:digest}`;
    report({
      at: 'serving.image',
      message,
      data: { name, tag },
      // Never preferred: fix-all must not invent a digest. The snippet puts the cursor where the digest goes.
      fixes: [{ title: 'Pin the image by digest', edits: setValue(unit, 'serving.image', pinned), snippet: true }],
    });
  },
});
