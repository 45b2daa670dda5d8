import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config, ConfigProblem } from '../engine/config/config';
import { DEFAULT_CONFIG, parseConfigText } from '../engine/config/config';

export const CONFIG_FILE_NAME = '.modelready.yaml';

/** The nearest `.modelready.yaml` from `startDir` upward, stopping at `stopAt` (a workspace root) if given. */
export function findConfigFile(startDir: string, stopAt?: string): string | undefined {
  let dir = resolve(startDir);
  const stop = stopAt ? resolve(stopAt) : undefined;
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dir === stop) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  config: Config;
  file?: string;
  problems: ConfigProblem[];
}

/** The one config loader: editor settings (or defaults) as the base, the nearest file on top. */
export function loadConfigFor(startDir: string, base: Config = DEFAULT_CONFIG, stopAt?: string, explicitFile?: string): LoadedConfig {
  const file = explicitFile ?? findConfigFile(startDir, stopAt);
  if (!file) return { config: base, problems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { config: base, file, problems: [{ message: `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, path: [] }] };
  }
  return { ...parseConfigText(text, base), file };
}
