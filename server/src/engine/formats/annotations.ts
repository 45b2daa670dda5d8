import type { FactPath } from '../facts/model';

/**
 * The one table of `modelready.dev/*` annotations that state native facts on a Kubernetes-family workload: the
 * adapters read it (formats/workload.ts `metadataFacts`) and the workload fact editor writes it
 * (formats/editor.ts), so what a rule asks to state is what the adapter reads back.
 */

export type AnnotationValue = 'boolean' | 'list' | 'personal-data' | 'count';

export const ANNOTATION_FACTS: readonly { key: string; fact: FactPath; as?: AnnotationValue }[] = [
  { key: 'modelready.dev/owner', fact: 'metadata.owner' },
  { key: 'modelready.dev/team', fact: 'metadata.team' },
  { key: 'modelready.dev/contact', fact: 'metadata.contact' },
  { key: 'modelready.dev/description', fact: 'metadata.description' },
  { key: 'modelready.dev/model', fact: 'model.uri' },
  { key: 'modelready.dev/model-revision', fact: 'model.revision' },
  { key: 'modelready.dev/license', fact: 'model.license' },
  { key: 'modelready.dev/model-card', fact: 'model.card' },
  { key: 'modelready.dev/target', fact: 'architecture.target' },
  { key: 'modelready.dev/regions', fact: 'architecture.regions', as: 'list' },
  { key: 'modelready.dev/data-residency', fact: 'architecture.dataResidency' },
  { key: 'modelready.dev/transfer-mechanism', fact: 'architecture.transfers.mechanism' },
  { key: 'modelready.dev/exposure', fact: 'serving.exposure' },
  { key: 'modelready.dev/protocol', fact: 'serving.protocol' },
  { key: 'modelready.dev/auth', fact: 'serving.auth' },
  { key: 'modelready.dev/personal-data', fact: 'governance.personalData.processed', as: 'personal-data' },
  { key: 'modelready.dev/lawful-basis', fact: 'governance.personalData.lawfulBasis' },
  { key: 'modelready.dev/dpia', fact: 'governance.personalData.dpia' },
  { key: 'modelready.dev/retention', fact: 'governance.personalData.retention' },
  { key: 'modelready.dev/risk-category', fact: 'governance.aiAct.riskCategory' },
  { key: 'modelready.dev/transparency-notice', fact: 'governance.aiAct.transparencyNotice', as: 'boolean' },
  { key: 'modelready.dev/human-oversight', fact: 'governance.aiAct.humanOversight.mechanism' },
  { key: 'modelready.dev/affects-people', fact: 'governance.affectsPeople', as: 'boolean' },
  { key: 'modelready.dev/commercial-use', fact: 'governance.commercialUse', as: 'boolean' },
  { key: 'modelready.dev/cold-start-budget-seconds', fact: 'scaling.coldStartBudgetSeconds', as: 'count' },
  { key: 'modelready.dev/runbook', fact: 'monitoring.runbook' },
  { key: 'modelready.dev/dashboard', fact: 'monitoring.dashboard' },
];

/**
 * The annotation that states a fact: the fact's own, else the one annotation of its only annotated member
 * (`governance.aiAct.humanOversight` is stated by its `mechanism`). Undefined when no annotation states it.
 */
export function annotationFor(fact: FactPath): string | undefined {
  const own = ANNOTATION_FACTS.find((a) => a.fact === fact);
  if (own) return own.key;
  const members = ANNOTATION_FACTS.filter((a) => a.fact.startsWith(`${fact}.`));
  return members.length === 1 ? members[0].key : undefined;
}
