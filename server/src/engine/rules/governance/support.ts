import type { NativeSpec } from '../../facts/model';

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
