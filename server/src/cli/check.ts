import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkText } from '../engine/check';
import type { Finding } from '../engine/types';
import { loadConfigFor } from '../node/config-file';

export interface CheckResult {
  file: string;
  findings: Finding[];
}

export function checkPaths(paths: readonly string[], cwd = process.cwd()): CheckResult[] {
  return paths.map((p) => {
    const abs = resolve(cwd, p);
    const { config } = loadConfigFor(dirname(abs));
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new UsageError(`cannot read ${p}: ${message}`);
    }
    return { file: relative(cwd, abs) || abs, findings: checkText(pathToFileURL(abs).href, text, config) };
  });
}

export class UsageError extends Error {}

/** `file:line:col severity code message`, one line per finding, as compilers and editors parse it. */
export function formatText(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      lines.push(`${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}`);
    }
  }
  return lines.join('\n');
}
