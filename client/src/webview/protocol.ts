/** Messages between the report webview and the extension (shared by both sides; types only). */
import type { ReadinessReport } from '../../../server/src/engine/report/model';
import type { ExportFormat } from '../../../server/src/protocol';

export type ToWebview =
  | { type: 'report'; report: ReadinessReport; title: string }
  | { type: 'test:click'; findingId: number };

export interface RenderedSummary {
  overall: number | null;
  areas: { area: string; score: number }[];
  findings: number;
  ruleIds: string[];
  /** The visible text of the page (what a reader sees). */
  text: string;
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; uri: string; line: number; column: number; endLine: number; endColumn: number }
  | { type: 'export'; format: ExportFormat }
  | { type: 'rendered'; summary: RenderedSummary };
