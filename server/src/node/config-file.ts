import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseYamlValue } from '../engine/parse/yaml';
import type { Config, ConfigProblem, SchemaMapping, UserSchema } from '../engine/config/config';
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
  /** The chart's `values.schema.json` that applies to the values files of the folder (chartValuesSchema). */
  chartSchema?: string;
  problems: ConfigProblem[];
}

/**
 * The `values.schema.json` of the Helm chart a folder belongs to: in the folder itself or the nearest folder above
 * it that holds a `Chart.yaml` and the schema (values files are often kept in a chart's `ci/` or `examples/`), up
 * to `stopAt`. Helm validates every values file given to the chart with it.
 */
export function chartValuesSchema(startDir: string, stopAt?: string): string | undefined {
  let dir = resolve(startDir);
  const stop = stopAt ? resolve(stopAt) : undefined;
  for (;;) {
    const schema = join(dir, 'values.schema.json');
    if (existsSync(schema) && (dir === resolve(startDir) || existsSync(join(dir, 'Chart.yaml')))) return schema;
    if (existsSync(join(dir, 'Chart.yaml')) || dir === stop) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The chart schema of a folder as a workspace schema for its `values*.yaml` files (none in untrusted workspaces). */
function withChartSchema(loaded: LoadedConfig, startDir: string, stopAt: string | undefined, loadSchemas: boolean): LoadedConfig {
  const file = loadSchemas ? chartValuesSchema(startDir, stopAt) : undefined;
  if (!file) return loaded;
  try {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // Relative to the chart (every folder of a chart shares it): its values files, at the top or in a subfolder.
    const files = ['values*.yaml', 'values*.yml', '**/values*.yaml', '**/values*.yml'];
    const userSchema: UserSchema = { files, baseUri: pathToFileURL(dirname(file)).href + '/', label: file, fromCrd: false, chartValues: true, schema };
    return { ...loaded, chartSchema: file, config: { ...loaded.config, userSchemas: [...(loaded.config.userSchemas ?? []), userSchema] } };
  } catch {
    // Helm itself refuses a chart whose schema does not parse: that is the chart's problem, not this folder's.
    return loaded;
  }
}

/**
 * The one config loader: editor settings (or defaults) as the base, the nearest file on top, and the schemas
 * its `schemas:` entries map (unless `loadSchemas` is false: untrusted workspaces load no workspace schemas).
 */
export function loadConfigFor(startDir: string, base: Config = DEFAULT_CONFIG, stopAt?: string, explicitFile?: string, loadSchemas = true): LoadedConfig {
  return withChartSchema(loadConfigFile(startDir, base, stopAt, explicitFile, loadSchemas), startDir, stopAt, loadSchemas);
}

function loadConfigFile(startDir: string, base: Config, stopAt: string | undefined, explicitFile: string | undefined, loadSchemas: boolean): LoadedConfig {
  const file = explicitFile ?? findConfigFile(startDir, stopAt);
  if (!file) return { config: base, problems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { config: base, file, problems: [{ message: `Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`, path: [] }] };
  }
  const parsed = parseConfigText(text, base);
  // The baseline is named relative to the configuration file.
  if (parsed.config.baseline && parsed.config.baseline !== base.baseline) parsed.config.baseline = resolve(dirname(file), parsed.config.baseline);
  if (!loadSchemas || parsed.config.schemas.length === 0) return { ...parsed, file };
  const problems = [...parsed.problems];
  const userSchemas: UserSchema[] = [];
  parsed.config.schemas.forEach((mapping, i) => {
    try {
      userSchemas.push(...readMappedSchema(mapping, dirname(file)));
    } catch (e) {
      problems.push({ message: `schemas[${i}]: cannot use ${mapping.schema}: ${e instanceof Error ? e.message : String(e)}`, path: ['schemas', i] });
    }
  });
  return { config: { ...parsed.config, userSchemas }, file, problems };
}

/** A JSON Schema file, or every served version of a CRD (its `openAPIV3Schema`). URLs are never fetched. */
function readMappedSchema(mapping: SchemaMapping, configDir: string): UserSchema[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(mapping.schema)) throw new Error('a URL; ModelReady never fetches schemas');
  const path = resolve(configDir, mapping.schema);
  const parsed = parseYamlValue(readFileSync(path, 'utf8'));
  if ('error' in parsed) throw new Error(parsed.error);
  const data = parsed.value as Record<string, unknown>;
  const baseUri = pathToFileURL(configDir).href + '/';
  const files = mapping.files === undefined ? undefined : Array.isArray(mapping.files) ? mapping.files : [mapping.files];
  const common = { files, baseUri, label: mapping.schema };
  if (data?.kind === 'CustomResourceDefinition') {
    const spec = (data.spec ?? {}) as { group?: string; names?: { kind?: string }; versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: Record<string, unknown> } }[] };
    return (spec.versions ?? [])
      .filter((v) => v.served !== false && v.schema?.openAPIV3Schema)
      .map((v) => ({ ...common, apiVersion: `${spec.group}/${v.name}`, kind: spec.names?.kind, fromCrd: true, schema: v.schema!.openAPIV3Schema! }));
  }
  if (!mapping.match && !files) throw new Error('say which documents it applies to (`match` or `files`)');
  return [{ ...common, apiVersion: mapping.match?.apiVersion, kind: mapping.match?.kind, fromCrd: false, schema: data }];
}
