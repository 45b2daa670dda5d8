import { isMap } from 'yaml';
import { memoByText } from '../../memo';
import type { DeploymentUnit } from '../../facts/model';
import { unitPods } from '../../facts/model';
import type { Placeholder } from '../../facts/placeholder';
import { placeholderIn, placeholderMessage } from '../../facts/placeholder';
import type { Fix } from '../../types';
import { indentUnit } from '../../fix/edits';
import type { PathSegment } from '../../parse/yaml';
import { shellWords } from '../../runtime';
import type { Report } from '../define';
import { ALL_FORMATS, ALL_PROFILES, defineRule } from '../define';
import { containerLabel, pairRange, pairRangeAt } from './support';

/** Well-known token formats, recognised whatever the variable is called. */
const TOKEN_KINDS: readonly { label: string; pattern: RegExp; secret?: { name: string; key: string } }[] = [
  { label: 'Hugging Face token', pattern: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/, secret: { name: 'hf-token', key: 'token' } },
  { label: 'OpenAI-style API key', pattern: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}/ },
  { label: 'AWS access key', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { label: 'NVIDIA NGC API key', pattern: /(?<![A-Za-z0-9])nvapi-[A-Za-z0-9_-]{20,}/, secret: { name: 'ngc-api', key: 'NGC_API_KEY' } },
  { label: 'GitHub token', pattern: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}/ },
];

/** Last word(s) of a name that holds a credential: `HF_TOKEN`, `OPENAI_API_KEY`, `REDIS_PASSWORD`, `JWT_SECRET`. */
const CREDENTIAL_WORD = /^(TOKEN|APIKEY|PASSWORD|PASSWD|PASSPHRASE|SECRET|CREDENTIALS?)$/;
const CREDENTIAL_KEY = /^(API|ACCESS|SECRET|PRIVATE|AUTH|SIGNING|ENCRYPTION|MASTER|SERVICE|SUBSCRIPTION|ADMIN)$/;
/** Tokenizer tokens (`EOS_TOKEN: "</s>"`) are text, not credentials. */
const TOKENIZER_WORD = /^(PAD|BOS|EOS|UNK|SEP|CLS|MASK|SPECIAL|STOP|START|END|IMAGE|AUDIO|VIDEO)$/;

/**
 * Whether an environment variable or a flag is named for a credential, by its last word (`*_TOKEN`, `*_PASSWORD`,
 * `*_SECRET`) or last two (`*_API_KEY`, `*_ACCESS_KEY`, `*_SECRET_KEY`). A name that merely contains `KEY`
 * (`*_CACHE_KEY`, `KEY_PREFIX`, `MODEL_KEY`, `…_CLUSTER_META_KEY`) or names a secret (`*_SECRET_NAME`) is not one.
 */
export const credentialName: (name: string) => boolean = memoByText(judgeName);

function judgeName(name: string): boolean {
  const words = name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  if (!last) return false;
  if (last === 'TOKEN') return !(before && TOKENIZER_WORD.test(before));
  if (CREDENTIAL_WORD.test(last)) return true;
  return last === 'KEY' && !!before && CREDENTIAL_KEY.test(before);
}

/** A command-line flag whose value is a credential (`--api-key`, `--hf-token`, `--api_key`). */
function credentialFlag(arg: string): boolean {
  return /^--[A-Za-z][A-Za-z0-9_-]*$/.test(arg) && credentialName(arg);
}

/** Values that are clearly not secrets although the name says so: flags, numbers, file paths. */
function isHarmless(value: string): boolean {
  return /^(true|false|yes|no|on|off|none|null|\d+)$/i.test(value) || /^(\/|\.\/|\.\.\/|~\/|file:\/\/)/.test(value);
}

/** At most the first 4 characters, never the whole secret. */
export function preview(secret: string): string {
  return secret.length >= 12 ? `\`${secret.slice(0, 4)}…\`` : 'a short literal';
}

interface Detection {
  label: string;
  shown: string;
  secret: { name: string; key: string };
}

/**
 * A literal credential in `value`: a known key format whatever the name (unless the key itself is a sample such
 * as `sk-…Fake…`), or any literal under a credential name. A placeholder under a credential name is returned as
 * such (it gets the placeholder finding); `$(VAR)`, `dummy`, `EMPTY` and the like are no credential at all.
 */
function detect(value: string, name: string | undefined, unitName: string): Detection | { placeholder: Placeholder } | undefined {
  for (const kind of TOKEN_KINDS) {
    const m = kind.pattern.exec(value);
    if (m && !placeholderIn(m[0])) return { label: `a literal ${kind.label}`, shown: preview(m[0]), secret: kind.secret ?? defaultSecret(name, unitName) };
  }
  if (!name || !credentialName(name) || value.trim() === '') return undefined;
  const placeholder = placeholderIn(value);
  if (placeholder) return placeholder.kind === 'template' ? { placeholder } : undefined;
  if (isHarmless(value)) return undefined;
  return { label: 'a literal credential', shown: preview(value), secret: defaultSecret(name, unitName) };
}

function defaultSecret(name: string | undefined, unitName: string): { name: string; key: string } {
  const key = (name ?? 'secret').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'secret';
  return { name: `${unitName === '(unnamed)' ? 'model' : unitName}-secrets`, key };
}

/** The `secretRef` that replaces a literal `value` of a declared `serving.env` entry. */
function secretRefText(secret: { name: string; key: string }): string {
  return `secretRef: { name: \${1:${secret.name}}, key: \${2:${secret.key}} }`;
}


/** A credential in `args[i]`: as the value of a credential flag (`--api-key=...`, `--api-key ...`), or by its format. */
function detectArg(args: readonly unknown[], i: number, unitName: string): { flag?: string; value: string; found: ReturnType<typeof detect> & object } | undefined {
  const arg = args[i];
  if (typeof arg !== 'string') return undefined;
  const flagged = /^(--[A-Za-z][A-Za-z0-9_-]*)=(.*)$/.exec(arg);
  const prev = i > 0 ? args[i - 1] : undefined;
  if (flagged && credentialFlag(flagged[1])) {
    const found = detect(flagged[2], flagged[1], unitName);
    return found ? { flag: flagged[1], value: flagged[2], found } : undefined;
  }
  if (typeof prev === 'string' && credentialFlag(prev) && !arg.startsWith('-')) {
    const found = detect(arg, prev, unitName);
    return found ? { flag: prev, value: arg, found } : undefined;
  }
  const found = detect(arg, undefined, unitName);
  return found ? { value: arg, found } : undefined;
}

/** The `valueFrom.secretKeyRef` that replaces `value: <literal>` at `path`, in the style of the env entry. */
function secretKeyRefText(unit: DeploymentUnit, entryPath: readonly PathSegment[], secret: { name: string; key: string }): string | undefined {
  const { node } = unit.doc.locate(entryPath);
  if (!node) return undefined;
  const name = `\${1:${secret.name}}`;
  const key = `\${2:${secret.key}}`;
  if (isMap(node) && node.flow) return `valueFrom: { secretKeyRef: { name: ${name}, key: ${key} } }`;
  const valueKey = unit.doc.locate([...entryPath, 'value']).pair?.key;
  if (!valueKey?.range) return undefined;
  const source = unit.doc.source;
  const col = valueKey.range[0] - (source.lastIndexOf('\n', valueKey.range[0] - 1) + 1);
  const u = indentUnit(unit.doc);
  const pad = (n: number) => ' '.repeat(col + n * u);
  return `valueFrom:\n${pad(1)}secretKeyRef:\n${pad(2)}name: ${name}\n${pad(2)}key: ${key}`;
}

/** The placeholder finding, as the schema layer gives it: the value is not known until the file is filled in. */
function placeholderReport(at: Report['at'], subject: string, value: string, placeholder: Placeholder): Report {
  return { at, message: placeholderMessage(subject, value, placeholder), severity: 'warning', data: { kind: 'placeholder' } };
}

/** Literal credentials in the env, command and args of every container of every pod template of a workload. */
function checkContainers(unit: DeploymentUnit, ignore: ReadonlySet<string>, report: (r: Report) => void): void {
  for (const c of unitPods(unit).flatMap((pod) => [...(pod.initContainers ?? []), ...pod.containers])) {
    const who = containerLabel(c);
    c.env.forEach((e, i) => {
      if (e.fromSecret || e.value === undefined || (e.name && ignore.has(e.name.toUpperCase()))) return;
      const found = detect(e.value, e.name || undefined, unit.name);
      if (!found) return;
      const valuePath = [...e.path, 'value'];
      const subject = `\`env[${i}]\`${e.name ? ` (\`${e.name}\`)` : ''} of ${who}`;
      if ('placeholder' in found) {
        report(placeholderReport(unit.doc.rangeAt(valuePath), subject, e.value, found.placeholder));
        return;
      }
      const fixes: Fix[] = [];
      const range = pairRangeAt(unit.doc, valuePath);
      const text = secretKeyRefText(unit, e.path, found.secret);
      if (range && text) fixes.push({ title: `Reference ${e.name || 'the value'} from a Secret`, edits: [{ range, newText: text }], isPreferred: true, snippet: true });
      report({
        at: unit.doc.rangeAt(valuePath),
        message: `${subject} holds ${found.label} (${found.shown}): anyone who can read the manifest, its history or the live object can use it. Store it in a Secret, reference it with \`valueFrom.secretKeyRef\`, and rotate the exposed value.`,
        fixes,
        data: { name: e.name, kind: found.label, container: c.name },
      });
    });
    for (const list of ['command', 'args'] as const) {
      const items = c[list];
      items.forEach((item, i) => {
        // A shell script (`sh -c "... --api-key sk-..."`) is judged word by word, and reported on its item; in a
        // script `$VAR` and `${VAR}` are the shell's own expansion at run time, not a placeholder.
        const words = /\s/.test(item.trim()) ? shellWords(item) : [item];
        const hit =
          words.length > 1
            ? words.map((_w, j) => detectArg(words, j, unit.name)).find((h) => h && !('placeholder' in h.found && h.found.placeholder.by === 'envsubst'))
            : detectArg(items, i, unit.name);
        if (!hit) return;
        const { flag, found } = hit;
        const subject = `\`${list}[${i}]\` of ${who}${flag ? ` (\`${flag}\`)` : ''}`;
        if ('placeholder' in found) {
          report(placeholderReport(unit.doc.rangeAt([...c.path, list, i]), subject, hit.value, found.placeholder));
          return;
        }
        const viaEnv = flag === '--api-key' ? ' (vLLM reads `VLLM_API_KEY` itself)' : '';
        report({
          at: unit.doc.rangeAt([...c.path, list, i]),
          message: `${subject} passes ${found.label} (${found.shown}) on the command line, where it shows in the manifest, \`ps\` and the pod spec. Pass it through an environment variable with \`valueFrom.secretKeyRef\` and refer to it as \`$(VAR)\`${viaEnv}, and rotate the exposed value.`,
          data: { flag, kind: found.label, container: c.name },
        });
      });
    }
  }
}

export default defineRule({
  meta: {
    id: 'security/inline-secret',
    area: 'security',
    severity: 'error',
    description: 'Tokens and keys (HF_TOKEN, `hf_...`, `sk-...`, AWS keys) are referenced from a Secret, never written as literal values.',
    rationale:
      'A literal token in a manifest is readable by everyone with access to the repository, its history, CI logs and `kubectl get -o yaml`. vLLM, NIM and KServe all read hub tokens from a Kubernetes Secret (secretKeyRef); Kubernetes "Good practices for Secrets" and CWE-798 (hard-coded credentials).',
    formats: ALL_FORMATS,
    profiles: ALL_PROFILES,
    fixable: true,
    defaultOptions: { ignoreNames: [] as string[] },
  },
  check({ unit, options, report }) {
    const ignore = new Set((Array.isArray(options.ignoreNames) ? options.ignoreNames : []).map((n) => String(n).toUpperCase()));
    if (unitPods(unit).length) {
      checkContainers(unit, ignore, report);
      return;
    }
    const env = Array.isArray(unit.spec.serving?.env) ? unit.spec.serving!.env! : [];
    env.forEach((entry, i) => {
      if (!entry || typeof entry !== 'object') return;
      const value: unknown = (entry as { value?: unknown }).value;
      const name = typeof entry.name === 'string' ? entry.name : undefined;
      if (typeof value !== 'string' || (name && ignore.has(name.toUpperCase()))) return;
      const found = detect(value, name, unit.name);
      if (!found) return;
      const subject = `\`serving.env[${i}]\`${name ? ` (\`${name}\`)` : ''}`;
      if ('placeholder' in found) {
        report(placeholderReport(`serving.env.${i}.value`, subject, value, found.placeholder));
        return;
      }
      const fixes: Fix[] = [];
      const range = pairRange(unit, `serving.env.${i}.value`);
      if (range) {
        fixes.push({
          title: `Reference ${name ?? 'the value'} from a Secret`,
          edits: [{ range, newText: secretRefText(found.secret) }],
          isPreferred: true,
          snippet: true,
        });
      }
      report({
        at: `serving.env.${i}.value`,
        message: `${subject} holds ${found.label} (${found.shown}): anyone who can read the manifest or its history can use it. Store it in a Secret, reference it with \`secretRef\`, and rotate the exposed value.`,
        fixes,
        data: { name, kind: found.label },
      });
    });

    const args = Array.isArray(unit.spec.serving?.args) ? unit.spec.serving!.args! : [];
    args.forEach((_arg, i) => {
      const hit = detectArg(args, i, unit.name);
      if (!hit) return;
      const { flag, found } = hit;
      const subject = `\`serving.args[${i}]\`${flag ? ` (\`${flag}\`)` : ''}`;
      if ('placeholder' in found) {
        report(placeholderReport(`serving.args.${i}`, subject, hit.value, found.placeholder));
        return;
      }
      const viaEnv = flag === '--api-key' ? ' (vLLM reads `VLLM_API_KEY`)' : '';
      report({
        at: `serving.args.${i}`,
        message: `${subject} passes ${found.label} (${found.shown}) on the command line, where it shows in the manifest, \`ps\` and pod specs. Pass it through an environment variable from a Secret (\`serving.env\` with \`secretRef\`)${viaEnv}, and rotate the exposed value.`,
        data: { flag, kind: found.label },
      });
    });
  },
});
