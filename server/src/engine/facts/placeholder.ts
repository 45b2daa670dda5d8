/**
 * The one placeholder detector: whether a value written in a manifest is a stand-in rather than the value the
 * deployment will run with. Schema validation and every rule that reads a value (credentials, images, models)
 * ask it, so they agree on what a placeholder is; a rule stays silent on a stand-in it cannot judge.
 */

export type PlaceholderKind =
  /** Kubernetes `$(VAR)`: the kubelet expands it from the container's environment at start. Nothing to fill in. */
  | 'reference'
  /** Text to replace before applying: `${VAR}`, `$VAR`, `{{ .x }}`, `<your-token>`, `REPLACE_ME`, `YOUR_KEY`, `xxx`. */
  | 'template'
  /** A stand-in that is deliberately no real value: `dummy`, `fake`, `EMPTY` (vLLM's "no key"), `none`, `token`. */
  | 'dummy';

export interface Placeholder {
  kind: PlaceholderKind;
  /** How it is filled: by envsubst/the shell, by a template engine (Helm, Jinja, Python format), or by hand. */
  by: 'envsubst' | 'template' | 'hand' | 'kubelet' | 'none';
}

/** Kubernetes' dependent environment variable, `$(VAR)` (not `$$(VAR)`, its escape). */
const KUBE_REF = /(?<!\$)\$\([A-Za-z_][A-Za-z0-9_]*\)/;
/** envsubst / shell: `${VAR}`, `${VAR:-default}`, `$VAR` (the bare form only as a whole value or in capitals). */
const ENVSUBST = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}|^\$[A-Za-z_][A-Za-z0-9_]*$|\$[A-Z_][A-Z0-9_]+(?![a-z])/;
/** Helm / Go / Jinja `{{ … }}`, and a Python format field `{docker_username}` (a lone word in single braces). */
const TEMPLATE = /\{\{.*?\}\}|\{%.*?%\}|(?<![{$])\{[A-Za-z_][A-Za-z0-9_]*\}(?!\})/;
/** An angle-bracket marker: `<your-hf-token>`, `<base64-encoded-token>`, `hf://<org>/<model>`. */
const ANGLE = /<[A-Za-z_][A-Za-z0-9 _.:/-]*>/;
/** Whole values written to be replaced by hand. */
const TO_REPLACE =
  /^(?:replace[-_ ]?me|replace[-_].+|.*[-_]replace[-_]?me|your[-_ ].+|.+[-_ ]here|change[-_ ]?me|change[-_ ]?it|todo|tbd|fixme|insert[-_ ].+|enter[-_ ].+|x{3,}|[x*.#?-]*[x*#?]{3,}[x*.#?-]*|…|\.\.\.)$/i;
/** Whole values that stand for "no real value". */
const DUMMY =
  /^(?:dummy.*|fake.*|.*[-_]dummy|.*[-_]fake|empty|none|null|nil|n\/a|unused|not[-_ ]?used|not[-_ ]?needed|no[-_ ]?key|placeholder|token|secret|password|passwd|api[-_ ]?key|key|example|sample|test|foo|bar|foobar|(?:test|example|sample|demo)[-_].*|.*[-_](?:test|example|sample))$/i;
/**
 * Markers that make a credential-shaped value a stand-in: `hf_xxxx…`, `sk-****…`, `nvapi-your-key-here`. A word such
 * as `Fake` or `Example` inside a key that has the format does not: a key that is configured is a key, whatever
 * it says (an `--api-key sk-…Fake…` is the server's real key once deployed).
 */
const SAMPLE_WORD = /x{4,}|\*{4,}|your[-_]?(?:key|token|api)|[-_]here$|replace[-_]?me/i;

/** The value with surrounding whitespace and one level of quotes removed. */
function bare(value: string): string {
  const t = value.trim();
  return /^(["']).*\1$/.test(t) && t.length >= 2 ? t.slice(1, -1).trim() : t;
}

/** Whether a value is a stand-in, and of which kind; undefined for a literal (including a real-looking key). */
export function placeholderIn(value: string): Placeholder | undefined {
  const v = bare(value);
  if (ENVSUBST.test(v)) return { kind: 'template', by: 'envsubst' };
  if (TEMPLATE.test(v)) return { kind: 'template', by: 'template' };
  if (ANGLE.test(v) || TO_REPLACE.test(v)) return { kind: 'template', by: 'hand' };
  if (KUBE_REF.test(v)) return { kind: 'reference', by: 'kubelet' };
  if (DUMMY.test(v) || SAMPLE_WORD.test(v)) return { kind: 'dummy', by: 'none' };
  return undefined;
}

/** An example image a reader builds or names themselves: `my-transformer:latest`, `registry.example.com/app`. */
const EXAMPLE_IMAGE = /^(?:my[-_]|your[-_]|myregistry|myrepo|<)|(?:^|[./])example\.(?:com|org|net)(?:[:/]|$)|^[^/]*\.example(?:[:/]|$)/i;

/** `placeholderIn` for an image reference: also the example names that documentation uses for "your image". */
export function imagePlaceholderIn(image: string): Placeholder | undefined {
  const p = placeholderIn(image);
  // "No real value" words are for credentials: an image named `…/fake-server` is still an image.
  if (p && p.kind !== 'dummy') return p;
  return EXAMPLE_IMAGE.test(bare(image)) ? { kind: 'template', by: 'hand' } : undefined;
}

/** Whether a value is a stand-in of any kind (a rule that judges the value stays silent on it). */
export function isPlaceholder(value: string): boolean {
  return placeholderIn(value) !== undefined;
}

/** The placeholder finding's message, shared by the schema layer and the rules. `subject` is already formatted. */
export function placeholderMessage(subject: string, value: string, p: Placeholder): string {
  const v = bare(value);
  const shown = v.length > 60 ? `${v.slice(0, 60)}…` : v;
  const how =
    p.by === 'envsubst'
      ? 'the file is a template (envsubst) and is valid only after substitution.'
      : p.by === 'template'
        ? 'the file is a template and is valid only after rendering.'
        : 'replace it with the real value before applying the file.';
  return `${subject} holds the placeholder \`${shown}\`: ${how}`;
}
