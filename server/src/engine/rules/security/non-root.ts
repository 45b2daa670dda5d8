import { insertAtPath } from '../../fix/edits';
import type { DeploymentUnit } from '../../facts/model';
import type { Fix } from '../../types';
import { ALL_PROFILES, defineRule } from '../define';
import { setValue } from './support';

type Setting = 'runAsNonRoot' | 'allowPrivilegeEscalation' | 'privileged';

/** The safe value of each setting, and what goes wrong without it. */
const SETTINGS: readonly { key: Setting; safe: boolean; unsafe: string; missing: string }[] = [
  {
    key: 'runAsNonRoot',
    safe: true,
    unsafe: '`serving.security.runAsNonRoot` is false: the model server runs as root, so a bug in the server, a tokenizer or remote model code gets root inside the container.',
    missing: '`serving.security.runAsNonRoot` is not set, and most serving images (vllm/vllm-openai among them) run as root by default.',
  },
  {
    key: 'allowPrivilegeEscalation',
    safe: false,
    unsafe: '`serving.security.allowPrivilegeEscalation` is true: a process in the server can gain more privileges than it started with (setuid binaries).',
    missing: '`serving.security.allowPrivilegeEscalation` is not set, and Kubernetes allows privilege escalation unless told otherwise.',
  },
  {
    key: 'privileged',
    safe: false,
    unsafe: '`serving.security.privileged` is true: the container has every capability and all host devices; GPUs are granted by the device plugin and need no privileged mode.',
    missing: '',
  },
];

function setFix(unit: DeploymentUnit, key: Setting, safe: boolean): Fix {
  return { title: `Set serving.security.${key}: ${safe}`, edits: setValue(unit, `serving.security.${key}`, String(safe)), isPreferred: true };
}

export default defineRule({
  meta: {
    id: 'security/non-root',
    area: 'security',
    severity: 'error',
    description: 'The model server runs as non-root, without privilege escalation, and not privileged.',
    rationale:
      'Kubernetes Pod Security Standards ("restricted" profile) require runAsNonRoot, allowPrivilegeEscalation: false and no privileged containers; kube-score, kube-linter and Polaris check the same. Model servers parse untrusted prompts and may run code shipped with the model, so a compromise must not start as root.',
    formats: ['modeldeployment'],
    profiles: ALL_PROFILES,
    fixable: true,
  },
  check({ unit, report }) {
    const security = unit.spec.serving?.security;
    if (security === undefined || security === null || typeof security !== 'object') {
      report({
        at: 'serving.security',
        message:
          'No `serving.security` is stated, so the server runs with the image defaults: root, privilege escalation allowed. Add `serving.security` with `runAsNonRoot: true`, `allowPrivilegeEscalation: false` and `privileged: false`.',
        fixes: [
          {
            title: 'Add serving.security (non-root, no privilege escalation)',
            edits: insertAtPath(unit.doc, ['serving', 'security'], 'runAsNonRoot: true\nallowPrivilegeEscalation: false\nprivileged: false'),
            isPreferred: true,
          },
        ],
      });
      return;
    }
    for (const s of SETTINGS) {
      const value = security[s.key];
      if (value === s.safe) continue;
      const present = value !== undefined && value !== null;
      if (!present && !s.missing) continue; // `privileged` defaults to false
      report({
        at: `serving.security.${s.key}`,
        message: `${present ? s.unsafe : s.missing} Set \`${s.key}: ${s.safe}\`${s.key === 'runAsNonRoot' ? ' and give the image a non-root user (runAsUser)' : ''}.`,
        fixes: [setFix(unit, s.key, s.safe)],
        data: { setting: s.key },
      });
    }
  },
});
