import { parseYamlValue } from '../parse/yaml';
import type { Limits } from '../parse/yaml';
import { DEFAULT_LIMITS } from '../parse/yaml';
import type { Profile, RuleMeta } from '../vocabulary';
import { PROFILES } from '../vocabulary';
import type { Severity } from '../types';

export type RuleSetting = Exclude<Severity, 'hint'> | 'off';

export interface Config {
  profile: Profile;
  rules: Record<string, { severity?: RuleSetting; options?: Record<string, unknown> }>;
  ignore: string[];
  limits: Limits;
  /** `schemas:` entries of `.modelready.yaml`: which documents a workspace schema applies to. */
  schemas: SchemaMapping[];
  /** The mapped schemas, read by the loader (trusted workspaces only); the engine never reads files. */
  userSchemas?: UserSchema[];
  commercialUse?: boolean;
  /**
   * Which workloads the generic Kubernetes hygiene rules (non-root, resource requests, probes, replicas) judge:
   * only model servers (default), or every workload (routers, gateways, UIs, benchmark clients too).
   */
  scope?: WorkloadScope;
  /**
   * Build Kustomize overlays with this tool (looked up on PATH) and check what they build. A configuration file
   * names only `kubectl` or `kustomize`: a path to a program is for the command line and the editor settings.
   */
  kustomize?: 'kubectl' | 'kustomize' | 'off';
  /** `baseline:` the accepted findings' file (`modelready check --write-baseline`); the loader makes it absolute. */
  baseline?: string;
  /** How the editor shows findings the baseline accepts: as hints (default) or not at all. */
  baselineFindings?: BaselineDisplay;
}

export type WorkloadScope = 'model-servers' | 'all-workloads';
const SCOPES: readonly WorkloadScope[] = ['model-servers', 'all-workloads'];

export type BaselineDisplay = 'hint' | 'hide';
const BASELINE_DISPLAYS: readonly BaselineDisplay[] = ['hint', 'hide'];

export interface SchemaMapping {
  match?: { apiVersion: string; kind?: string };
  files?: string | string[];
  schema: string;
}

/** A schema from the workspace, for documents no shipped format knows. */
export interface UserSchema {
  apiVersion?: string;
  kind?: string;
  /** Globs relative to `baseUri` (the configuration file's folder). */
  files?: string[];
  baseUri: string;
  /** Where it came from, for messages. */
  label: string;
  /** From a CRD: unknown fields are pruned by the API server, so they are warnings. */
  fromCrd: boolean;
  /** A Helm chart's `values.schema.json` for the values files beside or below it (formats/helm-values.ts). */
  chartValues?: boolean;
  schema: Record<string, unknown>;
}

export const DEFAULT_CONFIG: Config = { profile: 'production', rules: {}, ignore: [], limits: DEFAULT_LIMITS, schemas: [] };

const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

export interface ConfigProblem {
  message: string;
  path: (string | number)[];
}

/**
 * Reads a configuration object (from `.modelready.yaml` or editor settings) leniently: a wrong entry is a
 * problem to report, and the rest of the configuration still applies.
 */
export function readConfig(raw: unknown, base: Config = DEFAULT_CONFIG): { config: Config; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Config = { ...base, rules: { ...base.rules }, limits: { ...base.limits } };
  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ message: 'The configuration must be a mapping.', path: [] });
    return { config, problems };
  }
  const r = raw as Record<string, unknown>;
  if (r.profile !== undefined) {
    if (PROFILES.includes(r.profile as Profile)) config.profile = r.profile as Profile;
    else problems.push({ message: `profile must be one of ${PROFILES.join(', ')}.`, path: ['profile'] });
  }
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, setting] of Object.entries(r.rules as Record<string, unknown>)) {
      const [written, options] = Array.isArray(setting) ? setting : [setting, undefined];
      // Plain `off` is the boolean false in YAML 1.1, as manifests (and so this file) are read.
      const severity = written === false ? 'off' : written;
      if (!SETTINGS.includes(severity as RuleSetting)) {
        problems.push({ message: `rules.${id} must be one of ${SETTINGS.join(', ')} (or [severity, options]).`, path: ['rules', id] });
        continue;
      }
      config.rules[id] = {
        severity: severity as RuleSetting,
        options: options && typeof options === 'object' ? (options as Record<string, unknown>) : config.rules[id]?.options,
      };
    }
  }
  if (Array.isArray(r.ignore)) config.ignore = r.ignore.filter((g): g is string => typeof g === 'string');
  if (r.limits && typeof r.limits === 'object') {
    for (const [k, v] of Object.entries(r.limits as Record<string, unknown>)) {
      if (k in config.limits && typeof v === 'number' && v > 0) (config.limits as unknown as Record<string, number>)[k] = v;
      else problems.push({ message: `limits.${k} is not a known limit or not a positive number.`, path: ['limits', k] });
    }
  }
  if (Array.isArray(r.schemas)) config.schemas = r.schemas.filter((s): s is SchemaMapping => !!s && typeof s === 'object' && typeof (s as { schema?: unknown }).schema === 'string');
  if (typeof r.commercialUse === 'boolean') config.commercialUse = r.commercialUse;
  if (r.scope !== undefined) {
    if (SCOPES.includes(r.scope as WorkloadScope)) config.scope = r.scope as WorkloadScope;
    else problems.push({ message: `scope must be one of ${SCOPES.join(', ')}.`, path: ['scope'] });
  }
  if (r.kustomize !== undefined) {
    const tool = r.kustomize === false ? 'off' : r.kustomize; // plain `off` is false in YAML 1.1
    if (tool === 'kubectl' || tool === 'kustomize' || tool === 'off') config.kustomize = tool;
    else problems.push({ message: 'kustomize must be one of kubectl, kustomize, off.', path: ['kustomize'] });
  }
  if (r.baseline !== undefined) {
    if (typeof r.baseline === 'string' && r.baseline !== '') config.baseline = r.baseline;
    else problems.push({ message: 'baseline must be the path of a baseline file (modelready check --write-baseline FILE).', path: ['baseline'] });
  }
  if (r.baselineFindings !== undefined) {
    if (BASELINE_DISPLAYS.includes(r.baselineFindings as BaselineDisplay)) config.baselineFindings = r.baselineFindings as BaselineDisplay;
    else problems.push({ message: `baselineFindings must be one of ${BASELINE_DISPLAYS.join(', ')}.`, path: ['baselineFindings'] });
  }
  return { config, problems };
}

/** Parses `.modelready.yaml` text on top of `base` (the editor settings): the file wins. */
export function parseConfigText(text: string, base: Config = DEFAULT_CONFIG): { config: Config; problems: ConfigProblem[] } {
  const parsed = parseYamlValue(text);
  if ('error' in parsed) return { config: base, problems: [{ message: `Cannot parse the configuration: ${parsed.error}`, path: [] }] };
  return readConfig(parsed.value, base);
}

/**
 * Per configuration and rule, its severity and options: every unit asks for them, for every rule, and a
 * configuration does not change once read (a new one is a new object).
 */
const perRule = new WeakMap<Config, Map<RuleMeta, { severity: RuleSetting; options?: Record<string, unknown> }>>();

function ruleSettings(meta: RuleMeta, config: Config): { severity: RuleSetting; options?: Record<string, unknown> } {
  let byRule = perRule.get(config);
  if (!byRule) perRule.set(config, (byRule = new Map()));
  let settings = byRule.get(meta);
  if (!settings) byRule.set(meta, (settings = { severity: severityOf(meta, config) }));
  return settings;
}

function severityOf(meta: RuleMeta, config: Config, findingSeverity?: RuleMeta['severity']): RuleSetting {
  const explicit = config.rules[meta.id]?.severity;
  if (explicit) return explicit;
  if (!meta.profiles.includes(config.profile)) return 'off';
  if (config.profile === 'regulated' && (meta.area === 'governance' || meta.area === 'monitoring')) return 'error';
  return findingSeverity ?? meta.severity;
}

/**
 * The severity a rule (or one of its findings, when it asks for `findingSeverity`) has under a
 * configuration, or `off`: an explicit setting wins, then the profile, then the default.
 */
export function effectiveSeverity(meta: RuleMeta, config: Config, findingSeverity?: RuleMeta['severity']): RuleSetting {
  return findingSeverity ? severityOf(meta, config, findingSeverity) : ruleSettings(meta, config).severity;
}

/**
 * A rule's options: its defaults, the workspace-wide `commercialUse` and `scope` where the rule reads them, then
 * the rule's own settings. One object per configuration and rule (rules read it, never change it).
 */
export function ruleOptions(meta: RuleMeta, config: Config): Record<string, unknown> {
  const settings = ruleSettings(meta, config);
  if (!settings.options) {
    const reads = (key: string): boolean => !!meta.defaultOptions && key in meta.defaultOptions;
    const shared = {
      ...(config.commercialUse !== undefined && reads('commercialUse') ? { commercialUse: config.commercialUse } : {}),
      ...(config.scope !== undefined && reads('scope') ? { scope: config.scope } : {}),
    };
    settings.options = { ...(meta.defaultOptions ?? {}), ...shared, ...(config.rules[meta.id]?.options ?? {}) };
  }
  return settings.options;
}
