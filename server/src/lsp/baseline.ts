import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Config } from '../engine/config/config';
import type { Baseline } from '../engine/report/baseline';
import { matchBaseline, parseBaseline } from '../engine/report/baseline';
import { fingerprintOf } from '../engine/report/fingerprint';
import type { Finding } from '../engine/types';
import { mapReusing, toDiagnostic } from './convert';

/**
 * The editor honours the baseline `.modelready.yaml` names (`baseline:`): findings it accepts become hints
 * (`baselineFindings: hint`, the default) or are not shown (`hide`), as `modelready check --baseline` hides them.
 * The file is read again when it changes (by mtime).
 */
export class BaselineDiagnostics {
  private readonly cache = new Map<string, { mtimeMs: number; baseline?: Baseline }>();
  /** Lists of diagnostics that are the findings' plain conversions. */
  private readonly plain = new WeakSet<readonly Diagnostic[]>();

  constructor(private readonly warn: (message: string) => void) {}

  private load(file: string): Baseline | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.cache.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.baseline;
    let baseline: Baseline | undefined;
    try {
      baseline = parseBaseline(readFileSync(file, 'utf8'));
    } catch (e) {
      this.warn(`baseline ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.cache.set(file, { mtimeMs, baseline });
    return baseline;
  }

  /** `previous`: the findings and diagnostics of the file's last publish, whose diagnostics are reused where the findings are. */
  diagnostics(uri: string, findings: readonly Finding[], config: Config, previous?: { findings: readonly Finding[]; diagnostics: readonly Diagnostic[] }): Diagnostic[] {
    const baseline = config.baseline && uri.startsWith('file:') ? this.load(config.baseline) : undefined;
    if (!baseline) {
      // Only diagnostics made as plain conversions are reused (not a baseline's hints, after the baseline went).
      const reusable = previous && this.plain.has(previous.diagnostics) ? previous : undefined;
      const diagnostics = mapReusing(reusable?.findings, reusable?.diagnostics, findings, toDiagnostic);
      this.plain.add(diagnostics);
      return diagnostics;
    }
    const rel = relative(dirname(config.baseline!), fileURLToPath(uri)).split(sep).join('/');
    // Only this file's entries: an entry of another file never hides a finding here.
    const entries = baseline.findings.filter((e) => e.path === rel);
    const { matched } = matchBaseline(
      findings.map((f) => ({ fingerprint: fingerprintOf(f), path: rel })),
      entries,
    );
    const reasons = new Map(entries.filter((e) => e.reason).map((e) => [e.fingerprint, e.reason]));
    const out: Diagnostic[] = [];
    findings.forEach((f, i) => {
      if (!matched[i]) out.push(toDiagnostic(f));
      else if (config.baselineFindings !== 'hide') {
        const reason = reasons.get(fingerprintOf(f));
        out.push({ ...toDiagnostic(f), severity: DiagnosticSeverity.Hint, message: `${f.message} (accepted in the baseline${reason ? `: ${reason}` : ''})` });
      }
    });
    return out;
  }
}
