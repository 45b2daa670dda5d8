import { analyzeFile, buildWorkspace, checkFile } from '../../../server/src/engine/check';
import type { AnalyzeOptions } from '../../../server/src/engine/check';
import type { DeploymentUnit, KubeResource } from '../../../server/src/engine/facts/model';
import { factRange } from '../../../server/src/engine/facts/model';
import type { Finding } from '../../../server/src/engine/types';

/** Analyses YAML text: units, resources, and the syntax/schema findings (no rules). */
export function analyze(text: string, options: AnalyzeOptions = {}): { units: DeploymentUnit[]; resources: KubeResource[]; findings: Finding[] } {
  const file = analyzeFile('file:///test.yaml', text, undefined, undefined, options);
  const findings = checkFile(file, buildWorkspace([file]), undefined, { today: '2026-01-01' }, []);
  return { units: file.documents.flatMap((d) => d.units), resources: file.documents.flatMap((d) => d.resources), findings };
}

/** The source text a fact's range covers (first line only). */
export function textAt(text: string, unit: DeploymentUnit, fact: string): string {
  const r = factRange(unit, fact);
  const line = text.split('\n')[r.start.line];
  return r.start.line === r.end.line ? line.slice(r.start.character, r.end.character) : line.slice(r.start.character);
}
