import type { DeploymentUnit } from '../../facts/model';
import type { Fix } from '../../types';
import { ALL_PROFILES, defineRule } from '../define';
import { pairRange } from './support';

/** Well-known token formats, recognised whatever the variable is called. */
const TOKEN_KINDS: readonly { label: string; pattern: RegExp; secret?: { name: string; key: string } }[] = [
  { label: 'Hugging Face token', pattern: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/, secret: { name: 'hf-token', key: 'token' } },
  { label: 'OpenAI-style API key', pattern: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{20,}/ },
  { label: 'AWS access key', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { label: 'NVIDIA NGC API key', pattern: /(?<![A-Za-z0-9])nvapi-[A-Za-z0-9_-]{20,}/, secret: { name: 'ngc-api', key: 'NGC_API_KEY' } },
  { label: 'GitHub token', pattern: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}/ },
];

/** Variable names that hold credentials: `*_TOKEN`, `*_KEY`, `*_SECRET`, `*PASSWORD*`, ... */
const SECRET_NAME = /(^|[_.-])(TOKEN|KEY|APIKEY|SECRET|CREDENTIALS?)$|PASSWORD|PASSWD|PASSPHRASE/i;

/** Command-line flags whose value is a credential. */
const SECRET_FLAGS = /^--(api-key|hf-token|token|password|secret)$/;

/** Values that are not literals: Kubernetes `$(VAR)` expansion, `${VAR}` templates, empty strings. */
function isReference(value: string): boolean {
  return value.trim() === '' || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(value.trim()) || /^\$\{[^}]+\}$/.test(value.trim());
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

function detect(value: string, name: string | undefined, unitName: string): Detection | undefined {
  for (const kind of TOKEN_KINDS) {
    const m = kind.pattern.exec(value);
    if (m) return { label: `a literal ${kind.label}`, shown: preview(m[0]), secret: kind.secret ?? defaultSecret(name, unitName) };
  }
  if (name && SECRET_NAME.test(name) && !isReference(value) && !isHarmless(value)) {
    return { label: 'a literal credential', shown: preview(value), secret: defaultSecret(name, unitName) };
  }
  return undefined;
}

function defaultSecret(name: string | undefined, unitName: string): { name: string; key: string } {
  const key = (name ?? 'secret').toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'secret';
  return { name: `${unitName === '(unnamed)' ? 'model' : unitName}-secrets`, key };
}

/** The secret reference in the shape of the unit's format. */
function referenceText(unit: DeploymentUnit, secret: { name: string; key: string }): string {
  const name = `\${1:${secret.name}}`;
  const key = `\${2:${secret.key}}`;
  return unit.format === 'modeldeployment'
    ? `secretRef: { name: ${name}, key: ${key} }`
    : `valueFrom: { secretKeyRef: { name: ${name}, key: ${key} } }`;
}

export default defineRule({
  meta: {
    id: 'security/inline-secret',
    area: 'security',
    severity: 'error',
    description: 'Tokens and keys (HF_TOKEN, `hf_...`, `sk-...`, AWS keys) are referenced from a Secret, never written as literal values.',
    rationale:
      'A literal token in a manifest is readable by everyone with access to the repository, its history, CI logs and `kubectl get -o yaml`. vLLM, NIM and KServe all read hub tokens from a Kubernetes Secret (secretKeyRef); Kubernetes "Good practices for Secrets" and CWE-798 (hard-coded credentials).',
    formats: ['modeldeployment'],
    profiles: ALL_PROFILES,
    fixable: true,
    defaultOptions: { ignoreNames: [] as string[] },
  },
  check({ unit, options, report }) {
    const ignore = new Set((Array.isArray(options.ignoreNames) ? options.ignoreNames : []).map((n) => String(n).toUpperCase()));
    const env = Array.isArray(unit.spec.serving?.env) ? unit.spec.serving!.env! : [];
    env.forEach((entry, i) => {
      if (!entry || typeof entry !== 'object') return;
      const value: unknown = (entry as { value?: unknown }).value;
      const name = typeof entry.name === 'string' ? entry.name : undefined;
      if (typeof value !== 'string' || (name && ignore.has(name.toUpperCase()))) return;
      const found = detect(value, name, unit.name);
      if (!found) return;
      const fixes: Fix[] = [];
      const range = pairRange(unit, `serving.env.${i}.value`);
      if (range) {
        fixes.push({
          title: `Reference ${name ?? 'the value'} from a Secret`,
          edits: [{ range, newText: referenceText(unit, found.secret) }],
          isPreferred: true,
          snippet: true,
        });
      }
      report({
        at: `serving.env.${i}.value`,
        message: `\`serving.env[${i}]\`${name ? ` (\`${name}\`)` : ''} holds ${found.label} (${found.shown}): anyone who can read the manifest or its history can use it. Store it in a Secret, reference it with \`secretRef\`, and rotate the exposed value.`,
        fixes,
        data: { name, kind: found.label },
      });
    });

    const args = Array.isArray(unit.spec.serving?.args) ? unit.spec.serving!.args! : [];
    args.forEach((arg, i) => {
      if (typeof arg !== 'string') return;
      const flagged = /^(--[a-z-]+)=(.*)$/.exec(arg);
      let found: Detection | undefined;
      let flag: string | undefined;
      if (flagged && SECRET_FLAGS.test(flagged[1]) && !isReference(flagged[2])) {
        flag = flagged[1];
        found = detect(flagged[2], 'TOKEN', unit.name);
      } else if (i > 0 && typeof args[i - 1] === 'string' && SECRET_FLAGS.test(args[i - 1]) && !isReference(arg)) {
        flag = args[i - 1];
        found = detect(arg, 'TOKEN', unit.name);
      } else {
        found = detect(arg, undefined, unit.name);
      }
      if (!found) return;
      const viaEnv = flag === '--api-key' ? ' (vLLM reads `VLLM_API_KEY`)' : '';
      report({
        at: `serving.args.${i}`,
        message: `\`serving.args[${i}]\`${flag ? ` (\`${flag}\`)` : ''} passes ${found.label} (${found.shown}) on the command line, where it shows in the manifest, \`ps\` and pod specs. Pass it through an environment variable from a Secret (\`serving.env\` with \`secretRef\`)${viaEnv}, and rotate the exposed value.`,
        data: { flag, kind: found.label },
      });
    });
  },
});
