import type { NativeSpec } from '../../facts/model';
/**
 * Helpers shared by the governance rules (not rules themselves).
 */
/** Official EUR-Lex texts the governance messages and docs cite. */
export declare const GDPR_URL = "https://eur-lex.europa.eu/eli/reg/2016/679/oj";
export declare const AI_ACT_URL = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj";
/** Whether the deployment processes personal data: true, false, or undefined when not stated. */
export declare function personalData(spec: NativeSpec): boolean | undefined;
/** Special categories (GDPR Art. 9) listed in the manifest. */
export declare function specialCategories(spec: NativeSpec): string[];
/** EU AI Act risk category, lower-cased, when stated. */
export declare function riskCategory(spec: NativeSpec): string | undefined;
/**
 * Approximate length in seconds of an ISO 8601 duration (`P30D`, `P6M`, `P1Y2M`, `P2W`, `PT12H`), for comparing
 * two retention periods; a year counts 365 days and a month 30. Undefined when the text is not a duration.
 */
export declare function durationSeconds(text: unknown): number | undefined;
