import { insertAtPath, replaceValue } from '../../fix/edits';
import type { ContainerFacts, DeploymentUnit, PodFacts } from '../../facts/model';
import { unitPods } from '../../facts/model';
import type { PathSegment } from '../../parse/yaml';
import type { Fix, Range } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, ALL_PROFILES, defineRule } from '../define';
import { containerLabel } from './support';
import { SCOPE_OPTION, inPod, isFragment, outOfScope } from '../support/workload';
import { acceleratorResource, acceleratorVendor } from '../../facts/accelerators';
import { lazyFix } from '../../fix/lazy';

/** The annotation a workload states why it needs a privileged container or privilege escalation with. */
export const PRIVILEGED_REASON_ANNOTATION = 'modelready.dev/privileged-reason';

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
    unsafe: '`serving.security.privileged` is true: the container has every capability and all host devices.',
    missing: '',
  },
];

function setFix(unit: DeploymentUnit, key: Setting, safe: boolean, isPreferred: boolean): Fix {
  return lazyFix({ title: `Set serving.security.${key}: ${safe}`, edits: () => unit.edit.set(`serving.security.${key}`, String(safe)), isPreferred });
}

/** Where a missing container setting is reported: the container's `securityContext` key, else its name. */
function containerRange(unit: DeploymentUnit, c: ContainerFacts): Range {
  const { pair } = unit.doc.locate([...c.path, 'securityContext']);
  if (pair) return unit.doc.rangeAt([...c.path, 'securityContext'], 'key');
  return unit.doc.locate([...c.path, 'name']).node ? unit.doc.rangeAt([...c.path, 'name']) : unit.doc.rangeAt(c.path, 'key');
}

/**
 * Whether the container gets NVIDIA or AMD GPUs from their device plugin (an extended resource such as
 * `nvidia.com/gpu`, no DRA `resources.claims`): privileged mode then adds nothing the GPUs need. Other stacks
 * (Gaudi, TPU, Neuron, Intel, DRA drivers) may need device access the plugin does not grant (llm-d's Gaudi guide).
 */
function devicePluginGpus(c: ContainerFacts): boolean {
  if (c.resources?.claims?.length) return false;
  const asked = [...Object.keys(c.resources?.limits ?? {}), ...Object.keys(c.resources?.requests ?? {})];
  return asked.some((r) => ['nvidia', 'amd'].includes(acceleratorResource(r)?.vendor ?? ''));
}

/** Advice on the image's user: serving images run as root, so the setting alone keeps them from starting. */
function rootImages(unit: DeploymentUnit): string {
  return unit.isModelServer
    ? 'Most serving images (vllm/vllm-openai, TGI) run as root: give them a non-root user with `runAsUser` (and point `HF_HOME` at a writable volume), or the kubelet refuses to start them.'
    : 'If the image runs as root, give it a non-root user with `runAsUser`, or the kubelet refuses to start it.';
}

/** Effective user settings of a container (its own securityContext wins over the pod's), with where each is written. */
function userOf(pod: PodFacts, c: ContainerFacts) {
  const csc = c.securityContext;
  const psc = pod.securityContext;
  const user =
    csc?.runAsUser !== undefined
      ? { value: csc.runAsUser, path: [...c.path, 'securityContext', 'runAsUser'], pod: false }
      : psc?.runAsUser !== undefined
        ? { value: psc.runAsUser, path: [...pod.path, 'securityContext', 'runAsUser'], pod: true }
        : undefined;
  const nonRoot =
    csc?.runAsNonRoot !== undefined
      ? { value: csc.runAsNonRoot, path: [...c.path, 'securityContext', 'runAsNonRoot'], pod: false }
      : psc?.runAsNonRoot !== undefined
        ? { value: psc.runAsNonRoot, path: [...pod.path, 'securityContext', 'runAsNonRoot'], pod: true }
        : undefined;
  return { user, nonRoot };
}

/**
 * One pod template of a Kubernetes-family workload: every container (init containers and sidecars included) runs
 * as non-root (`runAsNonRoot: true`, or a non-zero `runAsUser`, on the container or the pod), without privilege
 * escalation and not privileged. Containers a controller completes from a template (KServe runtimes), and
 * everything a Kustomize patch leaves to its base, are judged only on what they state. Running as root is a
 * warning (serving images run as root, and KServe, vLLM and GPU operator samples set no securityContext); allowed
 * privilege escalation without a stated reason is an error, and so is a privileged container with NVIDIA or AMD
 * GPUs from the device plugin (elsewhere privileged mode may be how the accelerator stack works: a warning).
 */
function checkPod(unit: DeploymentUnit, pod: PodFacts, report: (r: Report) => void): void {
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  const fragment = isFragment(unit);
  const several = unitPods(unit).length > 1 && pod.group;
  const podName = several ? `the ${pod.group} pod` : 'the pod';
  const label = (c: ContainerFacts): string => inPod(containerLabel(c), pod, unit);
  const reason = unit.annotations[PRIVILEGED_REASON_ANNOTATION] ?? pod.annotations?.[PRIVILEGED_REASON_ANNOTATION];
  const stated = typeof reason === 'string' && reason.trim() !== '';
  const reported = new Set<string>();
  const once = (path: readonly PathSegment[], r: Report): void => {
    const key = path.join('.');
    if (reported.has(key)) return;
    reported.add(key);
    report(r);
  };
  const missingUser: ContainerFacts[] = [];
  for (const c of containers) {
    const { user, nonRoot } = userOf(pod, c);
    const where = (x: { pod: boolean }) => (x.pod ? podName : label(c));
    if (user?.value === 0) {
      once(user.path, {
        at: unit.doc.rangeAt(user.path),
        message: `\`runAsUser: 0\` on ${where(user)} runs ${user.pod ? 'its containers' : 'it'} as root: a bug in the server, a tokenizer or remote model code gets root inside the container. Run as a non-root user (a non-zero \`runAsUser\`) and set \`runAsNonRoot: true\`.`,
        fixes: [lazyFix({ title: 'Run as user 1000', edits: () => replaceValue(unit.doc, user.path, '${1:1000}'), snippet: true })],
        severity: 'warning',
        data: { setting: 'runAsUser', container: user.pod ? undefined : c.name },
      });
    } else if (nonRoot?.value === true || (user && user.value > 0)) {
      // Non-root.
    } else if (nonRoot?.value === false) {
      once(nonRoot.path, {
        at: unit.doc.rangeAt(nonRoot.path),
        message: `\`runAsNonRoot\` is false on ${where(nonRoot)}, and no non-zero \`runAsUser\` is set: ${nonRoot.pod ? 'its containers run' : 'it runs'} as root whenever the image does, so a bug in the server, a tokenizer or remote model code gets root inside the container. Set \`runAsNonRoot: true\`. ${rootImages(unit)}`,
        fixes: [lazyFix({ title: 'Set runAsNonRoot: true', edits: () => replaceValue(unit.doc, nonRoot.path, 'true') })],
        severity: 'warning',
        data: { setting: 'runAsNonRoot', container: nonRoot.pod ? undefined : c.name },
      });
    } else if (!fragment && !c.completedElsewhere) missingUser.push(c);
  }
  if (missingUser.length > 0) {
    const judged = containers.filter((c) => !c.completedElsewhere);
    const podWide = missingUser.length === judged.length;
    const targets: { path: PathSegment[]; range: Range; who: string; container?: string }[] = podWide
      ? [{ path: [...pod.path, 'securityContext'], range: unit.doc.locate([...pod.path, 'securityContext']).pair ? unit.doc.rangeAt([...pod.path, 'securityContext'], 'key') : unit.doc.rangeAt(pod.path, 'key'), who: podName }]
      : missingUser.map((c) => ({ path: [...c.path, 'securityContext'], range: containerRange(unit, c), who: label(c), container: c.name }));
    for (const t of targets) {
      report({
        at: t.range,
        message: `Neither \`runAsNonRoot: true\` nor a non-zero \`runAsUser\` is set for ${t.who}${podWide && missingUser.length > 1 ? ` (${missingUser.length} containers)` : ''}, so it runs as whatever user its image sets and nothing stops a root image. Set \`runAsNonRoot: true\` in the ${t.container ? "container's" : "pod's"} \`securityContext\`. ${rootImages(unit)}`,
        fixes: [
          lazyFix({
            title: `Run ${t.who} as a non-root user (runAsNonRoot, runAsUser)`,
            edits: () => insertAtPath(unit.doc, t.path, 'runAsNonRoot: true\nrunAsUser: ${1:1000}'),
            snippet: true,
          }),
        ],
        severity: 'warning',
        data: { setting: 'runAsNonRoot', container: t.container },
      });
    }
  }
  for (const c of containers) {
    const csc = c.securityContext;
    const who = label(c);
    if (csc?.privileged === true && !stated) {
      const path = [...c.path, 'securityContext', 'privileged'];
      const gpus = devicePluginGpus(c);
      report({
        at: unit.doc.rangeAt(path),
        message: `${who[0].toUpperCase()}${who.slice(1)} is privileged: it has every capability and all host devices, so a compromise of it is a compromise of the node. ${
          gpus
            ? 'Its GPUs are granted by the device plugin and need no privileged mode. Set `privileged: false`'
            : 'Some accelerator stacks (Gaudi, TPU, Neuron, DRA drivers) need device access this way: if this one does not, set `privileged: false`'
        }, or state why it is needed in the annotation \`${PRIVILEGED_REASON_ANNOTATION}\`.`,
        fixes: [lazyFix({ title: 'Set privileged: false', edits: () => replaceValue(unit.doc, path, 'false'), isPreferred: gpus })],
        severity: gpus ? undefined : 'warning',
        data: { setting: 'privileged', container: c.name },
      });
    }
    const escalation = csc?.allowPrivilegeEscalation;
    if (escalation === false || (escalation === true && stated)) continue;
    const path = [...c.path, 'securityContext', 'allowPrivilegeEscalation'];
    if (escalation === true) {
      report({
        at: unit.doc.rangeAt(path),
        message: `\`allowPrivilegeEscalation\` is true on ${who}: a process in it can gain more privileges than it started with (setuid binaries). Set \`allowPrivilegeEscalation: false\`, or state why it is needed in the annotation \`${PRIVILEGED_REASON_ANNOTATION}\`.`,
        fixes: [lazyFix({ title: 'Set allowPrivilegeEscalation: false', edits: () => replaceValue(unit.doc, path, 'false'), isPreferred: true })],
        data: { setting: 'allowPrivilegeEscalation', container: c.name },
      });
    } else if (!fragment && !c.completedElsewhere) {
      report({
        at: containerRange(unit, c),
        message: `\`allowPrivilegeEscalation\` is not set on ${who}, and Kubernetes allows privilege escalation unless told otherwise. Set \`allowPrivilegeEscalation: false\` in its \`securityContext\`.`,
        fixes: [lazyFix({ title: `Set allowPrivilegeEscalation: false on ${who}`, edits: () => insertAtPath(unit.doc, path, 'false'), isPreferred: true })],
        severity: 'warning',
        data: { setting: 'allowPrivilegeEscalation', container: c.name },
      });
    }
  }
}

export default defineRule({
  meta: {
    id: 'security/non-root',
    area: 'security',
    severity: 'error',
    description: 'The model server runs as non-root, without privilege escalation, and not privileged.',
    rationale:
      'Kubernetes Pod Security Standards ("restricted" profile) require runAsNonRoot, allowPrivilegeEscalation: false and no privileged containers; kube-score, kube-linter and Polaris check the same. Model servers parse untrusted prompts and may run code shipped with the model, so a compromise must not start as root.',
    formats: ALL_FORMATS,
    profiles: ALL_PROFILES,
    fixable: true,
    defaultOptions: { ...SCOPE_OPTION },
  },
  check(context) {
    const { unit, report } = context;
    if (unit.pod) {
      if (outOfScope(context)) return;
      for (const pod of unitPods(unit)) checkPod(unit, pod, report);
      return;
    }
    const security = unit.spec.serving?.security;
    if (security === undefined || security === null || typeof security !== 'object') {
      report({
        at: 'serving.security',
        message:
          'No `serving.security` is stated, so the server runs with the image defaults: root, privilege escalation allowed. Add `serving.security` with `runAsNonRoot: true`, `allowPrivilegeEscalation: false` and `privileged: false`.',
        fixes: [
          lazyFix({
            title: 'Add serving.security (non-root, no privilege escalation)',
            edits: () => insertAtPath(unit.doc, ['serving', 'security'], 'runAsNonRoot: true\nallowPrivilegeEscalation: false\nprivileged: false'),
            isPreferred: true,
          }),
        ],
      });
      return;
    }
    for (const s of SETTINGS) {
      const value = security[s.key];
      if (value === s.safe) continue;
      const present = value !== undefined && value !== null;
      if (!present && !s.missing) continue; // `privileged` defaults to false
      // Privileged mode is needless only for NVIDIA and AMD GPUs, which their device plugin grants.
      const otherDevices = s.key === 'privileged' && !['nvidia', 'amd'].includes(acceleratorVendor(unit.spec.resources?.accelerator) ?? '');
      const why = s.key !== 'privileged' ? '' : otherDevices ? ' Some accelerator stacks (Gaudi, TPU, Neuron) need device access this way: if this one does not,' : ' GPUs are granted by the device plugin and need no privileged mode.';
      report({
        at: `serving.security.${s.key}`,
        message: `${present ? s.unsafe : s.missing}${why} Set \`${s.key}: ${s.safe}\`${s.key === 'runAsNonRoot' ? ' and give the image a non-root user (runAsUser)' : ''}.`,
        fixes: [setFix(unit, s.key, s.safe, !otherDevices)],
        severity: otherDevices ? 'warning' : undefined,
        data: { setting: s.key },
      });
    }
  },
});
