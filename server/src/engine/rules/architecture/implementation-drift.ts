import type { DeploymentUnit, FactPath, ProbeSpec, WorkspaceFacts } from '../../facts/model';
import { scalersOf } from '../../facts/relations';
import { factRange, factValue } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';

/** The facts a native manifest and its implementing resources must agree on, and how to compare them. */
const COMPARED: { path: FactPath; label: string; normalise: (v: unknown) => string | undefined }[] = [
  { path: 'serving.image', label: 'image', normalise: (v) => (typeof v === 'string' ? v : undefined) },
  { path: 'scaling.minReplicas', label: 'minimum replicas', normalise: numberText },
  { path: 'resources.accelerator.count', label: 'accelerators per replica', normalise: numberText },
  { path: 'resources.tensorParallelSize', label: 'tensor parallel size', normalise: numberText },
  { path: 'serving.port', label: 'serving port', normalise: numberText },
  { path: 'reliability.probes.readiness', label: 'readiness probe path', normalise: probePath },
  { path: 'reliability.probes.liveness', label: 'liveness probe path', normalise: probePath },
  { path: 'model.revision', label: 'model revision', normalise: (v) => (typeof v === 'string' ? v : undefined) },
];

function numberText(v: unknown): string | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  return n === undefined ? undefined : String(n);
}

function probePath(v: unknown): string | undefined {
  const p = v as ProbeSpec | undefined;
  if (typeof p === 'string') return p;
  return p && typeof p === 'object' && typeof p.path === 'string' ? p.path : undefined;
}

/** A fact, with the replicas an autoscaler keeps at least (its `minReplicas`) instead of the workload's own. */
function valueOf(unit: DeploymentUnit, path: FactPath, workspace: WorkspaceFacts): unknown {
  if (path === 'scaling.minReplicas' && unit.format !== 'modeldeployment') {
    const scaler = scalersOf(unit, workspace).find((r) => r.facts.scaler?.min !== undefined);
    if (scaler) return scaler.facts.scaler!.min;
  }
  return factValue(unit.spec, path);
}

function describe(unit: DeploymentUnit): string {
  return unit.format === 'modeldeployment' ? `the ModelDeployment \`${unit.name}\`` : `${unit.kind} \`${unit.name}\``;
}

export default defineRule({
  meta: {
    id: 'architecture/implementation-drift',
    area: 'architecture',
    severity: 'warning',
    description: 'A ModelDeployment and the Kubernetes resources that implement it agree (image, replicas, GPUs, parallelism, port, probes, model revision).',
    rationale:
      'The native manifest is what reviewers approve; the Kubernetes manifests are what runs. When they drift, the approval covers something that is not deployed (ISO/IEC 42001 A.6.2.5 and EU AI Act Art. 11 ask that the documentation describe the system as deployed).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: false,
  },
  check({ unit, workspace, report }) {
    // The same comparison runs from both sides, so each side gets the finding on its own value.
    const counterparts = unit.format === 'modeldeployment' ? workspace.links.implementationsOf(unit) : [workspace.links.manifestOf(unit)].filter((u): u is DeploymentUnit => !!u);
    for (const other of counterparts) {
      for (const { path, label, normalise } of COMPARED) {
        const mine = normalise(valueOf(unit, path, workspace));
        const theirs = normalise(valueOf(other, path, workspace));
        if (mine === undefined || theirs === undefined || mine === theirs) continue;
        report({
          at: path,
          message: `The ${label} here (\`${mine}\`) differs from ${describe(other)} (\`${theirs}\`): the declared intent and what is deployed disagree. Change one of them so they match.`,
          related: [{ uri: other.uri, range: factRange(other, path), message: `${label} in ${describe(other)}: ${theirs}` }],
          data: { path, mine, theirs },
        });
      }
    }
  },
});
