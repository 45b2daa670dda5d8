/** Titles of the areas in reports. */
export const AREA_TITLES: Record<string, string> = {
  schema: 'Schema',
  architecture: 'Architecture',
  reliability: 'Reliability and testing',
  scaling: 'Scalability',
  integration: 'Integration',
  security: 'Security',
  governance: 'Governance',
  monitoring: 'Monitoring and maintenance',
  meta: 'ModelReady',
};

/** A ten-cell text bar: `██████░░░░`. */
export function scoreBar(score: number): string {
  const full = Math.round(Math.max(0, Math.min(100, score)) / 10);
  return '█'.repeat(full) + '░'.repeat(10 - full);
}

export function scoreLabel(score: number | null): string {
  if (score === null) return 'no deployment recognised';
  if (score >= 90) return 'ready';
  if (score >= 70) return 'nearly ready';
  if (score >= 40) return 'needs work';
  return 'not ready';
}
