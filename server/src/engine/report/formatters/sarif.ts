import { FINGERPRINT_VERSION } from '../fingerprint';
import type { ReadinessReport, ReportFinding, ReportLocation, RuleInfo } from '../model';
import { fingerprintOfReported } from '../model';

/** SARIF 2.1.0 (OASIS), as GitHub code scanning and other tools read it. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function pascal(id: string): string {
  return id
    .split(/[/-]/)
    .filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join('');
}

function artifactLocation(loc: ReportLocation, base: string | undefined): { uri: string; uriBaseId?: string } {
  // Relative to the working directory (uriBaseId %SRCROOT%) when inside it; otherwise the absolute URI.
  if (base && loc.uri.startsWith(base)) return { uri: encodeRelative(loc.path), uriBaseId: SRCROOT };
  return { uri: loc.uri };
}

/** A relative URI reference for a relative path (`/` separators), each segment percent-encoded. */
function encodeRelative(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function region(loc: ReportLocation) {
  return { startLine: loc.line, startColumn: loc.column, endLine: Math.max(loc.endLine, loc.line), endColumn: loc.endLine > loc.line ? loc.endColumn : Math.max(loc.endColumn, loc.column) };
}

function rule(r: RuleInfo) {
  const level = r.effectiveSeverity === 'off' ? 'none' : LEVEL[r.effectiveSeverity];
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.description },
    fullDescription: { text: r.rationale ? `${r.description} ${r.rationale}` : r.description },
    helpUri: r.docsUrl,
    help: { text: `${r.description} See ${r.docsUrl}`, markdown: `${r.description} [Documentation](${r.docsUrl})` },
    defaultConfiguration: { enabled: r.effectiveSeverity !== 'off', level },
    properties: { area: r.area, tags: [r.area, r.type === 'rule' ? 'readiness' : 'builtin'], defaultSeverity: r.severity, fixable: r.fixable },
  };
}

/**
 * The report as a SARIF 2.1.0 log: `tool.driver.rules` lists the whole catalogue (with its level under the
 * report's profile); each finding is a result with a location relative to `%SRCROOT%` (the working directory).
 */
export function formatSarif(report: ReadinessReport): string {
  const base = report.baseUri;
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f: ReportFinding) => {
    const ruleIndex = index.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f, base), region: region(f) } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, i) => ({
              id: i,
              message: { text: r.message },
              physicalLocation: { artifactLocation: artifactLocation(r, base), region: region(r) },
            })),
          }
        : {}),
      partialFingerprints: { [FINGERPRINT_VERSION]: fingerprintOfReported(f) },
      properties: { area: f.area, fixable: f.fixable, ...(f.resource ? { resource: f.resource } : {}) },
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: report.tool.informationUri,
            rules: report.rules.map(rule),
          },
        },
        ...(base ? { originalUriBaseIds: { [SRCROOT]: { uri: base } } } : {}),
        results,
        properties: {
          profile: report.profile,
          score: report.score.overall,
          ...(report.baseline ? { baseline: { file: report.baseline.file, suppressed: report.baseline.suppressed, stale: report.baseline.stale.length } } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
