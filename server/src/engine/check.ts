import type { DeploymentUnit, KubeResource, KustomizationFacts, PodElsewhere, WorkspaceFacts } from './facts/model';
import { factRange } from './facts/model';
import { MANIFEST_ANNOTATION, linkManifests } from './facts/links';
import { isKustomizationFile, kustomizationFacts } from './facts/kustomization';
import type { Config } from './config/config';
import { DEFAULT_CONFIG, effectiveSeverity } from './config/config';
import type { AnnotationSuppression } from './config/suppressions';
import { applySuppressions } from './config/suppressions';
import { suppressLineFix } from './fix/edits';
import { mapEdits } from './fix/lazy';
import type { Recognised } from './formats/registry';
import { recogniseDocument } from './formats/registry';
import type { YamlDocument, YamlFile, YamlProblem } from './parse/yaml';
import { parseYaml } from './parse/yaml';
import type { ChunkedText } from './parse/text';
import type { Rule, RuleContext } from './rules/define';
import { RULES } from './rules/registry';
import type { ActiveRule } from './rules/active';
import { activeRules } from './rules/active';
import { assignFingerprints, assignFingerprintsByDocument, carryFingerprints, settleResources } from './report/fingerprint';
import { checkSchema, validatorFor } from './schema/validate';
import type { Finding, Range } from './types';
import { compareStrings, docsUrlFor } from './types';

export interface DocumentAnalysis {
  doc: YamlDocument;
  recognised?: Recognised;
  /** Syntax and schema findings of this document. */
  findings: Finding[];
  units: DeploymentUnit[];
  resources: KubeResource[];
  /** Time parse + schema + extraction took, in ms (the rules get what is left of limits.timeoutMsPerDocument). */
  elapsedMs?: number;
  /** The document went over limits.timeoutMsPerDocument and was cut off (its results are not reused). */
  timedOut?: boolean;
  /** Findings of the rules that read only this document, kept while its text, the config and the rules stay. */
  ruleCache?: RuleCache;
  /** `unitIndex|ruleId` of the checks the last rule run found not applicable (left out of the score). */
  notApplicable?: Set<string>;
  /** This document's share of checkFile's result, kept while nothing it depends on changed (see checkFile). */
  checked?: CheckedDocument;
}

/** A document's final findings (deduplicated, in order) and what they were computed with. */
interface CheckedDocument {
  config: Config;
  rules: readonly Rule[];
  topology: string;
  manifestLike: boolean;
  lineOffset: number;
  findings: Finding[];
  notApplicable?: Set<string>;
}

/**
 * Rules that never touch the workspace judge one document alone: their findings are kept with the document
 * and reused (moved to its new lines) until its text changes, so an edit re-runs them on one document only.
 * Rules that read the workspace (cross-document) run on every check.
 */
interface RuleCache {
  config: Config;
  rules: readonly Rule[];
  lineOffset: number;
  local: Finding[];
  /** Per unit (by index), the rules that read the workspace. */
  crossDocument: ActiveRule[][];
  /** Single-document checks found not applicable. */
  localNotApplicable: Set<string>;
  /** The last results of the cross-document rules, valid while the workspace's topology is the same; `allNotApplicable` adds the local ones. */
  cross?: { topology: string; lineOffset: number; findings: Finding[]; notApplicable: Set<string>; allNotApplicable: Set<string> };
}

export interface FileAnalysis {
  uri: string;
  yaml: YamlFile;
  documents: DocumentAnalysis[];
  /** Findings about the file as a whole (limits). */
  fileFindings: Finding[];
  /** Analysed as a partial object (AnalyzeOptions.partial). */
  partial?: boolean;
}

function shiftRange(r: Range, delta: number): Range {
  return { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } };
}

function shiftFinding(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  return {
    ...f,
    range: shiftRange(f.range, delta),
    related: f.related?.map((r) => (r.uri === f.uri ? { ...r, range: shiftRange(r.range, delta) } : r)),
    fixes: f.fixes?.map((fix) => mapEdits(fix, (e) => ({ ...e, range: shiftRange(e.range, delta) }))),
  };
}

/** How the caller knows a file is meant to be read. */
export interface AnalyzeOptions {
  /** The file is a partial object (a Kustomize patch named in a sibling kustomization): missing required fields are fine. */
  partial?: boolean;
}

/** The `meta/template` finding of a template file, on its first template marker up to the end of that line. */
function templateFinding(uri: string, doc: YamlDocument, offset: number): Finding {
  const source = doc.source;
  const lineEnd = source.indexOf('\n', offset);
  const end = (lineEnd < 0 ? source.length : lineEnd) - (source[lineEnd - 1] === '\r' ? 1 : 0);
  return {
    code: 'meta/template',
    severity: 'info',
    message: source.startsWith('{%', offset)
      ? 'This file is a template (Jinja `{% ... %}`); it is checked only after rendering (e.g. `ansible-playbook`/`j2` output piped to `modelready check -`).'
      : 'This file is a template (Helm/Go `{{ ... }}`); it is checked only after rendering (e.g. `helm template ... | modelready check -`).',
    range: doc.rangeOf([offset, Math.max(offset, end)]),
    uri,
    docsUrl: docsUrlFor('meta/template'),
  };
}

const DEFAULT_TIMEOUT_MS = 1000;

/** The `meta/limit` finding of a document cut off by limits.timeoutMsPerDocument. */
function timeoutFinding(doc: YamlDocument, uri: string, config: Config, skipped: string): Finding {
  const limit = config.limits.timeoutMsPerDocument ?? DEFAULT_TIMEOUT_MS;
  return {
    code: 'meta/limit',
    severity: 'warning',
    message: `Checking this document took longer than ${limit} ms; ${skipped} skipped. Raise modelready.limits.timeoutMsPerDocument if this is intended.`,
    range: doc.headerRange(),
    uri,
    docsUrl: docsUrlFor('meta/limit'),
    data: { setting: 'timeoutMsPerDocument' },
  };
}

/** Problems that say the document's structure is broken; what the parser reports after one of them is mostly its echo. */
const INDEPENDENT_PROBLEMS = new Set(['DUPLICATE_KEY', 'TAB_AS_INDENT']);

/**
 * The problems of a document to report: all of them while its structure parses, else those before its first
 * structural error and that error, which names the count of the cascade it caused (as compilers report a
 * parse error once; a file indented one level too deep would otherwise get dozens of errors for one mistake).
 */
function syntaxProblems(doc: YamlDocument): YamlProblem[] {
  const ordered = [...doc.problems].sort((a, b) => a.offsets[0] - b.offsets[0]);
  const first = ordered.findIndex((p) => p.severity === 'error' && !p.code.startsWith('LIMIT_') && !INDEPENDENT_PROBLEMS.has(p.code));
  if (first < 0) return doc.problems.slice();
  const echoes = ordered.length - first - 1;
  if (echoes === 0) return ordered;
  const cause = ordered[first];
  return [...ordered.slice(0, first), { ...cause, message: `${cause.message} (and ${echoes} more syntax problem${echoes === 1 ? '' : 's'} after it in this document, most likely caused by this one)` }];
}

/**
 * Schema findings about what a partial object (a Kustomize patch) leaves to its base: required properties, and the
 * least number of items or properties (a patch lists only the entries it changes; strategic merge keeps the rest).
 */
const PARTIAL_LEAVES_OUT = new Set(['missing-property', 'minItems', 'minProperties']);

/** The units and resources of a recognised document: what its format's adapter reads, bound to `doc` and its lines. */
function extractFacts(doc: YamlDocument, uri: string, recognised: Recognised, value: Record<string, unknown>, options: AnalyzeOptions): { units: DeploymentUnit[]; resources: KubeResource[] } {
  const extracted = recognised.adapter.extract(doc, value, uri);
  if (options.partial) for (const u of extracted.units) u.partial = true;
  return extracted;
}

function analyzeDocument(doc: YamlDocument, uri: string, config: Config, options: AnalyzeOptions = {}): DocumentAnalysis {
  // Time budget: parse, schema and extraction are checked between phases, the rules between rules (checkFile).
  const budget = config.limits.timeoutMsPerDocument ?? DEFAULT_TIMEOUT_MS;
  let spent = doc.parseMs;
  let mark = performance.now();
  const tick = (): number => {
    const now = performance.now();
    spent += now - mark;
    mark = now;
    return spent;
  };
  const findings: Finding[] = syntaxProblems(doc).map((p) => ({
    code: p.code.startsWith('LIMIT_') ? 'meta/limit' : 'schema/yaml-syntax',
    severity: p.severity,
    message: p.code === 'DUPLICATE_KEY' ? `${p.message}. Later keys would silently override earlier ones.` : p.message,
    range: doc.rangeOf(p.offsets),
    uri,
    docsUrl: docsUrlFor(p.code.startsWith('LIMIT_') ? 'meta/limit' : 'schema/yaml-syntax'),
  }));
  if (doc.hasErrors) return { doc, findings, units: [], resources: [], elapsedMs: tick() };
  if (tick() > budget) return { doc, findings: [...findings, timeoutFinding(doc, uri, config, 'its schema and rules were')], units: [], resources: [], elapsedMs: spent, timedOut: true };
  const js = doc.toJS(config.limits);
  if ('error' in js) {
    findings.push({ code: 'schema/yaml-syntax', severity: 'error', message: js.error, range: doc.headerRange(), uri, docsUrl: docsUrlFor('schema/yaml-syntax') });
    return { doc, findings, units: [], resources: [] };
  }
  const recognised = recogniseDocument(uri, js.value, config.userSchemas);
  if (!recognised) return { doc, findings, units: [], resources: [], elapsedMs: tick() };
  const value = js.value as Record<string, unknown>;
  const schema = recognised.adapter.schemaFor(recognised.apiVersion, recognised.kind);
  if (tick() > budget) return { doc, recognised, findings: [...findings, timeoutFinding(doc, uri, config, 'its schema and rules were')], units: [], resources: [], elapsedMs: spent, timedOut: true };
  if (schema) {
    // Compiling a schema (once per process) is not this document's time.
    validatorFor(schema);
    mark = performance.now();
    const schemaFindings = checkSchema(doc, uri, value, schema, recognised.adapter.schemaOptions);
    findings.push(...(options.partial ? schemaFindings.filter((f) => !PARTIAL_LEAVES_OUT.has(String(f.data?.kind))) : schemaFindings));
  }
  if (tick() > budget) return { doc, recognised, findings: [...findings, timeoutFinding(doc, uri, config, 'its rules were')], units: [], resources: [], elapsedMs: spent, timedOut: true };
  const { units, resources } = extractFacts(doc, uri, recognised, value, options);
  if (tick() > budget) return { doc, recognised, findings: [...findings, timeoutFinding(doc, uri, config, 'its rules were')], units: [], resources: [], elapsedMs: spent, timedOut: true };
  return { doc, recognised, findings, units, resources, elapsedMs: spent };
}

/**
 * Parses a file and checks each document's syntax and schema. Documents whose text did not change since
 * `previous` keep their results (moved to their new lines), so an edit costs one document, not the file.
 */
export function analyzeFile(uri: string, text: string | ChunkedText, config: Config = DEFAULT_CONFIG, previous?: FileAnalysis, options: AnalyzeOptions = {}): FileAnalysis {
  const yaml = parseYaml(text, config.limits, previous?.uri === uri ? previous.yaml : undefined);
  // A template (Helm `{{ }}`, Jinja `{% %}`) is checked only after rendering. Markers inside strings (chat
  // templates in a ConfigMap, KServe's `{{ .Spec.Model.Name }}`) are data: the file is a manifest like any other.
  for (const d of yaml.documents) {
    if (!d.mentions('{{') && !d.mentions('{%')) continue;
    const offset = d.templateSyntaxOffset();
    if (offset !== undefined) return { uri, yaml: parseYaml('', config.limits), documents: [], fileFindings: [templateFinding(uri, d, offset)], partial: options.partial };
  }
  const fileFindings: Finding[] = yaml.overLimit
    ? [{ code: 'meta/limit', severity: 'warning', message: yaml.overLimit.message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, uri, docsUrl: docsUrlFor('meta/limit'), data: { setting: yaml.overLimit.setting } }]
    : [];
  const before = new Map<object, DocumentAnalysis>();
  if (previous?.uri === uri && !previous.partial === !options.partial) for (const d of previous.documents) before.set(d.doc.cacheKey, d);
  const documents = yaml.documents.map((doc) => {
    const old = before.get(doc.cacheKey);
    if (!old || old.timedOut) return analyzeDocument(doc, uri, config, options);
    before.delete(doc.cacheKey);
    // The parse kept the document itself (same text, line and index): so is everything derived from it.
    if (old.doc === doc) return old;
    const delta = doc.lineOffset - old.doc.lineOffset;
    // The same text elsewhere (lines added above it, a document moved or written twice): its findings move with it,
    // and its facts are bound to this document, since what rules run on them next (cross-document rules, fixes)
    // places ranges and edits through the document they were read from. The facts themselves hold no position:
    // they are not read again (an Enter at the top of a large file moves every document).
    return {
      doc,
      recognised: old.recognised,
      findings: old.findings.map((f) => shiftFinding(f, delta)),
      units: old.units.map((u) => ({ ...u, doc, ...u.rebind(doc) })),
      resources: old.resources.map((r) => ({ ...r, doc })),
      elapsedMs: old.elapsedMs,
      ruleCache: old.ruleCache,
      checked: old.checked,
    };
  });
  return { uri, yaml, documents, fileFindings, partial: options.partial };
}

export interface CheckEnvironment {
  /** Whether a referenced file exists (undefined when unknown, e.g. in an untrusted workspace). */
  fileExists?: (path: string, fromUri: string) => boolean | undefined;
  /** Today's date (YYYY-MM-DD), for suppression expiry. */
  today?: string;
  /** Pods of workloads in files the workspace does not hold (WorkspaceFacts.podsElsewhere). */
  podsElsewhere?: readonly PodElsewhere[];
  /**
   * false: findings get their resource but no fingerprint, for a caller whose outputs read none (a CLI run printing
   * text): hashing every finding, and sending the hashes between threads, was 3–4% of such a run.
   */
  fingerprints?: boolean;
}

const documentIds = new WeakMap<object, number>();
let nextDocumentId = 0;
const topologies = new WeakMap<WorkspaceFacts, string>();
/** The parts of the last topology built, and its token. */
let lastParts: string[] = [];
let lastTopology = '';
let topologyCount = 0;

/**
 * What cross-document rules can see of the workspace: every resource (by its document's parse) and every
 * unit's identity, labels and annotations, plus the file-system view. Two workspaces with the same topology
 * give the same cross-document findings for an unchanged document, so an edit elsewhere in a large file
 * does not re-run them on every other document. The topology is a token: the same as the last one's when every
 * part is (the parts of unchanged documents are the very same strings, compared by reference), else a new one.
 */
function workspaceTopology(workspace: WorkspaceFacts): string {
  let topology = topologies.get(workspace);
  if (topology === undefined) {
    const parts: string[] = [];
    for (const r of workspace.resources) parts.push(topologyPart(r));
    for (const k of workspace.kustomizations ?? []) parts.push(`k${JSON.stringify(k)}`);
    for (const u of workspace.units) parts.push(topologyPart(u));
    const same = parts.length === lastParts.length && parts.every((p, i) => p === lastParts[i]);
    if (!same) {
      lastParts = parts;
      lastTopology = `topology ${++topologyCount}`;
    }
    topology = lastTopology;
    topologies.set(workspace, topology);
  }
  return topology;
}

const documentId = (key: object): number => {
  let n = documentIds.get(key);
  if (n === undefined) documentIds.set(key, (n = nextDocumentId++));
  return n;
};

/** Per resource or unit object (kept while its document is unchanged), what the topology says of it. */
const topologyParts = new WeakMap<KubeResource | DeploymentUnit, string>();

/**
 * A resource by its document's parse; another unit through its identity and pod labels, and its whole document
 * only where units are compared with each other (native manifests and the resources linked to them).
 */
function topologyPart(x: KubeResource | DeploymentUnit): string {
  let part = topologyParts.get(x);
  if (part === undefined) {
    if (!('format' in x)) part = `r${documentId(x.doc.cacheKey)}:${x.uri}`;
    else {
      const linked = x.format === 'modeldeployment' || MANIFEST_ANNOTATION in x.annotations;
      part = `u${x.kind}/${x.namespace ?? ''}/${x.name}:${x.uri}:${JSON.stringify(x.pod?.labels ?? {})}${linked ? `:${documentId(x.doc.cacheKey)}` : ''}`;
    }
    topologyParts.set(x, part);
  }
  return part;
}

export function buildWorkspace(files: Iterable<FileAnalysis>, env: CheckEnvironment = {}): WorkspaceFacts {
  const units: DeploymentUnit[] = [];
  const resources: KubeResource[] = [];
  const kustomizations: KustomizationFacts[] = [];
  for (const f of files) {
    if (isKustomizationFile(f.uri)) {
      const js = f.yaml.documents[0]?.toJS(DEFAULT_CONFIG.limits);
      const k = js && 'value' in js ? kustomizationFacts(f.uri, js.value) : undefined;
      if (k) kustomizations.push(k);
    }
    for (const d of f.documents) {
      units.push(...d.units);
      resources.push(...d.resources);
    }
  }
  return { units, resources, links: linkManifests(units), kustomizations, fileExists: env.fileExists ?? (() => undefined), podsElsewhere: env.podsElsewhere };
}

/** Per workspace, the one proxy rules see it through: it notes that a rule read the workspace (reset before each rule). */
const watchers = new WeakMap<WorkspaceFacts, { proxy: WorkspaceFacts; read: boolean }>();

function watcher(workspace: WorkspaceFacts): { proxy: WorkspaceFacts; read: boolean } {
  let w = watchers.get(workspace);
  if (!w) {
    const state = { proxy: workspace, read: false };
    state.proxy = new Proxy(workspace, {
      get(target, key, receiver) {
        state.read = true;
        return Reflect.get(target, key, receiver);
      },
    });
    watchers.set(workspace, (w = state));
  }
  return w;
}

/**
 * The rules' runs on one unit: one context for all of them (a unit meets some sixty rules, and a run has thousands of
 * units), pointed at the rule that runs. Rules use their context while `check` runs, never after.
 */
class UnitRun {
  private active!: ActiveRule;
  /** The last rule run said it does not judge this unit. */
  skipped = false;
  private readonly context: RuleContext;

  constructor(
    private readonly unit: DeploymentUnit,
    private readonly watched: { proxy: WorkspaceFacts; read: boolean },
    config: Config,
    private readonly out: Finding[],
  ) {
    const resource: Finding['resource'] = { kind: unit.kind, namespace: unit.namespace, name: unit.name };
    this.context = {
      unit,
      workspace: watched.proxy,
      options: {},
      profile: config.profile,
      notApplicable: () => {
        this.skipped = true;
      },
      report: (r) => {
        const meta = this.active.rule.meta;
        const range = typeof r.at === 'string' ? factRange(unit, r.at) : r.at;
        this.out.push({
          code: meta.id,
          severity: r.severity ? (effectiveSeverity(meta, config, r.severity) as Finding['severity']) : this.active.severity,
          message: r.message,
          range,
          uri: unit.uri,
          docsUrl: docsUrlFor(meta.id),
          related: r.related,
          data: r.data,
          resource,
          fixes: [...(unit.fixable === false ? [] : (r.fixes ?? [])), suppressLineFix(unit.doc, range.start.line, meta.id)],
        });
      },
    };
  }

  /** Runs a rule; returns whether it read the workspace (then it is cross-document). */
  run(active: ActiveRule): boolean {
    this.active = active;
    this.skipped = false;
    this.context.options = active.options;
    this.watched.read = false;
    try {
      active.rule.check(this.context);
    } catch (e) {
      this.out.push({
        code: 'meta/internal-error',
        severity: 'error',
        message: `Rule ${active.rule.meta.id} failed on this document and was skipped (${e instanceof Error ? e.message : String(e)}). Please report it; the other rules still ran.`,
        range: this.unit.doc.headerRange(),
        uri: this.unit.uri,
        docsUrl: docsUrlFor('meta/internal-error'),
      });
    }
    return this.watched.read;
  }
}

/** Runs the rules on a document's units, reusing the findings of single-document rules when nothing they read changed. */
function runRules(d: DocumentAnalysis, uri: string, workspace: WorkspaceFacts, config: Config, rules: readonly Rule[], out: Finding[]): void {
  const budget = config.limits.timeoutMsPerDocument ?? DEFAULT_TIMEOUT_MS;
  const watched = watcher(workspace);
  const cache = d.ruleCache;
  if (cache && cache.config === config && cache.rules === rules) {
    const delta = d.doc.lineOffset - cache.lineOffset;
    for (const f of cache.local) out.push(shiftFinding(f, delta));
    // Cross-document results stand while nothing other documents expose changed (see workspaceTopology).
    const topology = workspaceTopology(workspace);
    if (cache.cross?.topology === topology) {
      const crossDelta = d.doc.lineOffset - cache.cross.lineOffset;
      for (const f of cache.cross.findings) out.push(shiftFinding(f, crossDelta));
      d.notApplicable = cache.cross.allNotApplicable;
      return;
    }
    const crossFindings: Finding[] = [];
    const crossNotApplicable = new Set<string>();
    d.units.forEach((unit, i) => {
      const run = new UnitRun(unit, watched, config, crossFindings);
      for (const active of cache.crossDocument[i] ?? []) {
        run.run(active);
        if (run.skipped) crossNotApplicable.add(`${i}|${active.rule.meta.id}`);
      }
    });
    out.push(...crossFindings);
    d.notApplicable = new Set([...cache.localNotApplicable, ...crossNotApplicable]);
    cache.cross = { topology, lineOffset: d.doc.lineOffset, findings: crossFindings, notApplicable: crossNotApplicable, allNotApplicable: d.notApplicable };
    return;
  }
  // Rules run per document, within what its parse and schema check left of the time budget.
  const started = performance.now();
  const local: Finding[] = [];
  const crossDocument: ActiveRule[][] = [];
  const notApplicable = new Set<string>();
  const localNotApplicable = new Set<string>();
  let cut = false;
  d.units.forEach((unit, i) => {
    crossDocument[i] = [];
    const run = new UnitRun(unit, watched, config, out);
    for (const active of activeRules(config, rules, unit.format)) {
      if (cut) break;
      if ((d.elapsedMs ?? 0) + performance.now() - started > budget) {
        out.push(timeoutFinding(d.doc, uri, config, 'the remaining rules were'));
        cut = true;
        break;
      }
      const before = out.length;
      if (run.run(active)) crossDocument[i].push(active);
      else {
        for (let k = before; k < out.length; k++) local.push(out[k]);
        if (run.skipped) localNotApplicable.add(`${i}|${active.rule.meta.id}`);
      }
      if (run.skipped) notApplicable.add(`${i}|${active.rule.meta.id}`);
    }
  });
  d.notApplicable = notApplicable;
  if (!cut) d.ruleCache = { config, rules, lineOffset: d.doc.lineOffset, local, crossDocument, localNotApplicable };
}

function annotationSuppressions(units: readonly DeploymentUnit[]): AnnotationSuppression[] {
  const list: AnnotationSuppression[] = [];
  for (const u of units) {
    const value = u.annotations['modelready.dev/ignore'];
    if (typeof value !== 'string') continue;
    list.push({
      ids: value.split(',').map((s) => s.trim()).filter(Boolean),
      from: u.doc.lineOffset,
      to: u.doc.endLine,
      range: factRange(u, 'metadata.annotations'),
    });
  }
  return list;
}

/** A file we speak for: a recognised document, a Kubernetes-style header, or one of our file names. */
function looksLikeManifest(file: FileAnalysis): boolean {
  return (
    file.documents.some((d) => d.recognised) ||
    /\.modelready\.ya?ml$/.test(file.uri) ||
    /^(apiVersion|kind):/m.test(file.yaml.text)
  );
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** One finding per rule, place and message: two paths to the same fact (or two resources alike) say it once. */
function unique(findings: Finding[]): Finding[] {
  // By rule and place; messages are compared only among findings of the same place (a key with the message would hash it).
  const seen = new Map<string, Finding[]>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.range.start.line}:${f.range.start.character}`;
    const same = seen.get(key);
    if (!same) {
      seen.set(key, [f]);
      return true;
    }
    if (same.some((g) => g.message === f.message)) return false;
    same.push(f);
    return true;
  });
}

/**
 * Position, severity, then rule: one order whichever way the findings were gathered (fresh, or kept from the last
 * check); one rule's findings at one place stay in the order it gave them.
 */
const byPosition = (a: Finding, b: Finding): number =>
  a.range.start.line - b.range.start.line ||
  a.range.start.character - b.range.start.character ||
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  compareStrings(a.code, b.code);

/** The findings of one document as checkFile gives them (no suppressions in the file); undefined if one lies outside it. */
function checkDocument(d: DocumentAnalysis, uri: string, workspace: WorkspaceFacts, config: Config, rules: readonly Rule[], manifestLike: boolean): Finding[] | undefined {
  const findings = manifestLike ? d.findings.slice() : d.findings.filter((f) => f.code !== 'schema/yaml-syntax');
  if (d.units.length > 0) runRules(d, uri, workspace, config, rules, findings);
  const result = unique(findings).filter((f) => (config.rules[f.code]?.severity ?? 'on') !== 'off');
  result.sort(byPosition);
  const inside = result.every((f) => f.range.start.line >= d.doc.lineOffset && f.range.start.line <= d.doc.endLine);
  return inside ? result : undefined;
}

/**
 * checkFile for a file without suppressions or file-level findings, document by document: a document whose
 * text, line, config and workspace topology are those of the last check gives the same findings, so an edit
 * re-sorts and re-filters one document's findings, not the file's. Undefined where a finding lies outside its
 * document (the file is then checked as a whole).
 */
function checkByDocument(file: FileAnalysis, workspace: WorkspaceFacts, config: Config, rules: readonly Rule[], manifestLike: boolean, fingerprints: boolean): Finding[] | undefined {
  const topology = workspaceTopology(workspace);
  const result: Finding[] = [];
  const byDocument: Finding[][] = [];
  for (const d of file.documents) {
    let c = d.checked;
    if (c && c.config === config && c.rules === rules && c.topology === topology && c.manifestLike === manifestLike) {
      // Moved (lines added or removed above it): the same findings on its new lines, with the fingerprints they had.
      if (c.lineOffset !== d.doc.lineOffset) d.checked = c = movedDocument(c, d.doc.lineOffset);
      d.notApplicable = c.notApplicable;
      for (const f of c.findings) result.push(f);
      byDocument.push(c.findings);
      continue;
    }
    const findings = checkDocument(d, file.uri, workspace, config, rules, manifestLike);
    if (!findings) return undefined;
    // A document whose rules were cut off by the time budget is checked again next time.
    const complete = !d.timedOut && (d.units.length === 0 || (d.ruleCache?.config === config && d.ruleCache.rules === rules));
    d.checked = complete ? { config, rules, topology, manifestLike, lineOffset: d.doc.lineOffset, findings, notApplicable: d.notApplicable } : undefined;
    for (const f of findings) result.push(f);
    byDocument.push(findings);
  }
  if (fingerprints) assignFingerprintsByDocument(file, byDocument);
  else settleResources(file, result);
  return result;
}

function movedDocument(c: CheckedDocument, lineOffset: number): CheckedDocument {
  const findings = c.findings.map((f) => shiftFinding(f, lineOffset - c.lineOffset));
  carryFingerprints(c.findings, findings);
  return { ...c, lineOffset, findings };
}

/** Every finding of one file: syntax, schema, readiness rules (with the workspace for cross-document rules), suppressions applied. */
export function checkFile(
  file: FileAnalysis,
  workspace: WorkspaceFacts,
  config: Config = DEFAULT_CONFIG,
  env: CheckEnvironment = {},
  rules: readonly Rule[] = RULES,
): Finding[] {
  const manifestLike = looksLikeManifest(file);
  const suppressible = file.documents.some((d) => d.doc.mentions('modelready-') || d.units.some((u) => 'modelready.dev/ignore' in u.annotations)) || (file.documents.length === 0 && file.yaml.text.includes('modelready-'));
  if (file.fileFindings.length === 0 && !suppressible) {
    const byDocument = checkByDocument(file, workspace, config, rules, manifestLike, env.fingerprints !== false);
    if (byDocument) return byDocument;
  }
  const findings: Finding[] = [...file.fileFindings];
  const units: DeploymentUnit[] = [];
  for (const d of file.documents) {
    // Other YAML (CI workflows, compose files) is the YAML extension's business: no syntax noise there.
    findings.push(...(manifestLike ? d.findings : d.findings.filter((f) => f.code !== 'schema/yaml-syntax')));
    units.push(...d.units);
    if (d.units.length > 0) runRules(d, file.uri, workspace, config, rules, findings);
  }
  const today = env.today ?? new Date().toISOString().slice(0, 10);
  const result = applySuppressions(file.uri, file.yaml.text, unique(findings), annotationSuppressions(units), today).filter(
    (f) => (config.rules[f.code]?.severity ?? 'on') !== 'off',
  );
  result.sort(byPosition);
  if (env.fingerprints === false) settleResources(file, result);
  else assignFingerprints(file, result);
  return result;
}

/** One file on its own (its documents are the whole workspace): the CLI's and tests' shortcut. */
export function checkText(uri: string, text: string, config: Config = DEFAULT_CONFIG, env: CheckEnvironment = {}, options: AnalyzeOptions = {}): Finding[] {
  const file = analyzeFile(uri, text, config, undefined, options);
  return checkFile(file, buildWorkspace([file], env), config, env);
}
