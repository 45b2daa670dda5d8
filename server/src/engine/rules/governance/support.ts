import type { DeploymentUnit, FactPath, NativeSpec, WorkspaceFacts } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Range, TextEdit } from '../../types';
import type { Profile } from '../define';
import { setValue } from '../security/support';

/**
 * Helpers shared by the governance rules (not rules themselves).
 */

/** Official EUR-Lex texts the governance messages and docs cite. */
export const GDPR_URL = 'https://eur-lex.europa.eu/eli/reg/2016/679/oj';
export const AI_ACT_URL = 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj';

/** Whether the deployment processes personal data: true, false, or undefined when not stated. */
export function personalData(spec: NativeSpec): boolean | undefined {
  const processed = spec.governance?.personalData?.processed;
  return typeof processed === 'boolean' ? processed : undefined;
}

/** Special categories (GDPR Art. 9) listed in the manifest. */
export function specialCategories(spec: NativeSpec): string[] {
  const list: unknown = spec.governance?.personalData?.specialCategories;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
}

/** EU AI Act risk category, lower-cased, when stated. */
export function riskCategory(spec: NativeSpec): string | undefined {
  const c: unknown = spec.governance?.aiAct?.riskCategory;
  return typeof c === 'string' && c.trim() !== '' ? c.trim().toLowerCase() : undefined;
}

/**
 * Approximate length in seconds of an ISO 8601 duration (`P30D`, `P6M`, `P1Y2M`, `P2W`, `PT12H`), for comparing
 * two retention periods; a year counts 365 days and a month 30. Undefined when the text is not a duration.
 */
export function durationSeconds(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim().toUpperCase();
  const m = /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => (x ? Number(x.replace(',', '.')) : 0));
  return (((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + s;
}

/*
 * Governance on Kubernetes-family workloads (DESIGN §1, "Governance on Kubernetes resources").
 *
 * A Deployment, StatefulSet, LeaderWorkerSet, InferenceService or RayService states governance facts with
 * `modelready.dev/*` annotations (read by formats/workload.ts into the native facts), or links a native
 * ModelDeployment with `modelready.dev/manifest`. Governance rules, and the monitoring rules other than
 * `monitoring/metrics`, judge such a workload only when it opts in, so a plain upstream sample does not get a
 * wall of governance findings. The opt-in check lives here, once, for both areas.
 */

export const ANNOTATION_PREFIX = 'modelready.dev/';
export const MANIFEST_ANNOTATION = 'modelready.dev/manifest';

/**
 * `modelready.dev/*` annotations that do not opt a workload in: they suppress findings or justify a security
 * setting, and say nothing about governance.
 */
const NOT_OPT_IN: ReadonlySet<string> = new Set(['modelready.dev/ignore', 'modelready.dev/host-namespaces-reason']);

/** The native fact each governance/monitoring annotation states (the list formats/workload.ts reads). */
export const FACT_ANNOTATIONS: Readonly<Record<string, string>> = {
  'metadata.owner': 'modelready.dev/owner',
  'metadata.contact': 'modelready.dev/contact',
  'model.license': 'modelready.dev/license',
  'architecture.dataResidency': 'modelready.dev/data-residency',
  'architecture.regions': 'modelready.dev/regions',
  'architecture.transfers.mechanism': 'modelready.dev/transfer-mechanism',
  'governance.personalData.processed': 'modelready.dev/personal-data',
  'governance.personalData.lawfulBasis': 'modelready.dev/lawful-basis',
  'governance.personalData.dpia': 'modelready.dev/dpia',
  'governance.personalData.retention': 'modelready.dev/retention',
  'governance.aiAct.riskCategory': 'modelready.dev/risk-category',
  'governance.aiAct.transparencyNotice': 'modelready.dev/transparency-notice',
  'governance.aiAct.humanOversight': 'modelready.dev/human-oversight',
  'governance.aiAct.humanOversight.mechanism': 'modelready.dev/human-oversight',
  'governance.affectsPeople': 'modelready.dev/affects-people',
  'governance.commercialUse': 'modelready.dev/commercial-use',
  'monitoring.runbook': 'modelready.dev/runbook',
};

/** Whether the unit is a native ModelDeployment (every fact has its own field) rather than a workload. */
export function isNative(unit: DeploymentUnit): boolean {
  return unit.format === 'modeldeployment';
}

/** The native manifest a workload links with `modelready.dev/manifest`, if any. */
export function linkedManifest(unit: DeploymentUnit): string | undefined {
  const link = unit.annotations[MANIFEST_ANNOTATION];
  return typeof link === 'string' && link.trim() !== '' ? link.trim() : undefined;
}

export type GovernanceScope =
  | { judged: true; via: 'manifest' | 'annotations' | 'profile' }
  | { judged: false; why: 'not-a-model-server' | 'linked' | 'not-opted-in' };

/**
 * Whether governance (and the opt-in monitoring rules) judge this unit, and why:
 *
 * - a native ModelDeployment always;
 * - a workload that is not a model server never (its governance is the model server's);
 * - a workload that links a native manifest (`modelready.dev/manifest`) not itself: the manifest holds the facts
 *   and is judged where it is. Only a link to a file known not to exist is ignored;
 * - a workload with at least one other `modelready.dev/*` annotation (not `ignore`), or any model server under
 *   the `regulated` profile: on its annotations.
 */
export function governanceScope(unit: DeploymentUnit, profile: Profile, workspace: WorkspaceFacts): GovernanceScope {
  if (isNative(unit)) return { judged: true, via: 'manifest' };
  if (!unit.isModelServer) return { judged: false, why: 'not-a-model-server' };
  const link = linkedManifest(unit);
  if (link && workspace.fileExists(link, unit.uri) !== false) return { judged: false, why: 'linked' };
  const optedIn = Object.keys(unit.annotations).some((k) => k.startsWith(ANNOTATION_PREFIX) && !NOT_OPT_IN.has(k));
  if (optedIn) return { judged: true, via: 'annotations' };
  if (profile === 'regulated') return { judged: true, via: 'profile' };
  return { judged: false, why: 'not-opted-in' };
}

/** Shortcut for rules: whether governance and opt-in monitoring rules judge the unit of this context. */
export function judgesGovernance(context: { unit: DeploymentUnit; profile: Profile; workspace: WorkspaceFacts; notApplicable?: () => void }): boolean {
  const judged = governanceScope(context.unit, context.profile, context.workspace).judged;
  // Not judged is not passed: the score leaves the check out.
  if (!judged) context.notApplicable?.();
  return judged;
}

/** The annotation that states a fact on a workload (undefined when none does: the fact needs a linked manifest). */
export function annotationFor(fact: FactPath): string | undefined {
  return FACT_ANNOTATIONS[fact];
}

/**
 * How to name where a fact is stated, in the unit's format: `` `governance.personalData.dpia` `` in a native
 * manifest, `` the annotation `modelready.dev/dpia` `` on a workload, or, for facts no annotation states,
 * `` `testing.fairness` in a linked ModelDeployment (`modelready.dev/manifest`) ``.
 */
export function factName(unit: DeploymentUnit, fact: FactPath): string {
  if (isNative(unit)) return `\`${fact}\``;
  const annotation = annotationFor(fact);
  return annotation ? `the annotation \`${annotation}\`` : `\`${fact}\` in a ModelDeployment manifest linked with the annotation \`${MANIFEST_ANNOTATION}\``;
}

/** Value of an annotation on the workload itself (or its pod template), trimmed; undefined when blank. */
export function annotationValue(unit: DeploymentUnit, key: string): string | undefined {
  const v = unit.annotations[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Range to report a governance fact a workload does not state: its `metadata.annotations` key (where the
 * annotation goes), else its `metadata` key.
 */
export function annotationsRange(unit: DeploymentUnit): Range {
  return unit.doc.rangeAt(['metadata', 'annotations'], 'key');
}

/**
 * Edits that set the annotation `key` on the workload's own metadata to the YAML text `valueText` (a quoted
 * string, snippet placeholders allowed): replaces the value when the annotation is written there, else adds it,
 * creating `metadata.annotations` when needed.
 */
export function annotationEdits(unit: DeploymentUnit, key: string, valueText: string): TextEdit[] {
  const path = ['metadata', 'annotations', key];
  const { node } = unit.doc.locate(path);
  if (node?.range) return replaceValue(unit.doc, path, valueText);
  return insertAtPath(unit.doc, path, valueText);
}

/**
 * Edits that state a fact: the native field (`setValue` with `nativeText`) in a ModelDeployment, the annotation
 * (a quoted `annotationText`) on a workload. Empty when the fact has no annotation.
 */
export function stateFactEdits(unit: DeploymentUnit, fact: FactPath, nativeText: string, annotationText: string = nativeText): TextEdit[] {
  if (isNative(unit)) return setValue(unit, fact, nativeText);
  const annotation = annotationFor(fact);
  return annotation ? annotationEdits(unit, annotation, `"${annotationText}"`) : [];
}
