import { CodeActionKind, FileChangeType, TextDocumentSyncKind, TextDocuments, createConnection, ProposedFeatures, DidChangeConfigurationNotification } from 'vscode-languageserver/node';
import type { CodeAction, Connection, Diagnostic, InitializeResult } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, relative } from 'node:path';
import { minimatch } from 'minimatch';
import type { ReadinessReport } from '../engine/report/model';
import { exportReport, fileSummary, reportOf } from './report';
import type { DocumentAnalysis, FileAnalysis } from '../engine/check';
import type { YamlFile } from '../engine/parse/yaml';
import type { CheckEnvironment } from '../engine/check';
import { Workspace } from '../engine/workspace';
import type { WorkspaceFacts } from '../engine/facts/model';
import { isConfigFile } from '../engine/formats/config-file';
import { collectGarbage } from '../node/gc';
import { findYamlFiles, isIndexedPath, readTextFile, readTextFileSync, referencedFileExists } from '../node/files';
import { isKustomizationFile, isKustomizePatch, patchesNamedBy } from '../node/kustomize';
import { checkOverlays, kustomizeTool } from '../node/kustomize-build';
import { withOverlayFindings } from '../engine/kustomize/overlay';
import type { Config } from '../engine/config/config';
import { DEFAULT_CONFIG, readConfig } from '../engine/config/config';
import { fixAllText, preferredFix } from '../engine/fix/apply';
import { complete } from '../engine/language/completion';
import { findingsHover, hover } from '../engine/language/hover';
import { documentSymbols } from '../engine/language/symbols';
import type { Finding } from '../engine/types';
import { loadConfigFor } from '../node/config-file';
import type { CheckWorkspaceResult } from '../protocol';
import { CheckWorkspaceProgressNotification, CheckWorkspaceRequest, ExportReportRequest, FileSummaryRequest, ReportRequest, ServerInfoRequest, TrustChangedNotification } from '../protocol';
import { VERSION } from '../version';
import { BaselineDiagnostics } from './baseline';
import { registerGenerate } from './generate';
import { OPEN_DOCUMENTS } from './document';
import type { OpenDocument } from './document';
import { FIX_ALL_KIND, toCodeAction, toCompletionItem, toDocumentSymbol } from './convert';

interface DocState {
  version: number;
  analysis: FileAnalysis;
  /** The file's own findings, then with the findings of Kustomize overlays placed on it. */
  own: Finding[];
  findings: Finding[];
  diagnostics: Diagnostic[];

}

/** Re-checks of open documents that depend on a changed file wait this long (edits themselves wait for nothing). */
const DEPENDENTS_DELAY_MS = 100;
/** Workspace indexing runs in slices of this length between turns of the event loop. */
const INDEX_SLICE_MS = 10;
/** Overlays are built again this long after the last file event (a save, a checkout): one build per burst. */
const OVERLAY_DELAY_MS = 500;
/** Closing a file this large (about 500 manifests) returns its memory at once (see collectGarbage). */
const LARGE_FILE_CHARS = 512 * 1024;

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(OPEN_DOCUMENTS);
  const states = new Map<string, DocState>();
  const timers = new Map<string, NodeJS.Timeout>();
  let settings: Config = DEFAULT_CONFIG;
  let enabled = true;
  let hasConfigurationCapability = false;
  const configCache = new Map<string, Config>();
  const baselines = new BaselineDiagnostics((m) => connection.console.warn(m));
  let workspaceFolders: string[] = [];
  let trusted = true;
  let codeLensRefresh = false;
  /** Whether the client resolves a code action's edit when it is chosen (`codeAction/resolve`). */
  let resolveEdits = false;
  const env: CheckEnvironment = { fileExists: (path, from) => (trusted ? referencedFileExists(path, from) : undefined) };
  /**
   * The engine's workspace: files on disk (indexed once and kept fresh by file events, trusted workspaces only) and
   * the open documents, which win over their saved text while open.
   */
  const ws = new Workspace(env);

  /**
   * Whether an edit changed what other files can see: a document with resources or units was added, removed
   * or edited. Value edits inside unchanged documents keep their parse (same cache key), so this is cheap.
   */
  function changedForOthers(before: FileAnalysis | undefined, after: FileAnalysis): boolean {
    const visible = (d: DocumentAnalysis) => d.units.length > 0 || d.resources.length > 0;
    const old = new Set(before?.documents.filter(visible).map((d) => d.doc.cacheKey) ?? []);
    const now = after.documents.filter(visible).map((d) => d.doc.cacheKey);
    return now.length !== old.size || now.some((k) => !old.has(k));
  }

  function configFor(uri: string): Config {
    if (!uri.startsWith('file:')) return settings;
    let dir: string;
    try {
      dir = dirname(fileURLToPath(uri));
    } catch {
      return settings;
    }
    let config = configCache.get(dir);
    if (!config) {
      // Untrusted workspaces load no schemas from the workspace.
      const loaded = loadConfigFor(dir, settings, undefined, undefined, trusted);
      config = loaded.config;
      for (const p of loaded.problems) connection.console.warn(`${loaded.file}: ${p.message}`);
      configCache.set(dir, config);
    }
    return config;
  }

  /**
   * Kustomize patches are partial resources: their missing required fields come from the base. A patch is named
   * by any kustomization of the workspace (`knownPatches`, kept fresh from file events) or by one above it.
   */
  const patchCache = new Map<string, boolean>();
  const kustomizations = new Set<string>();
  let knownPatches = new Set<string>();
  function analyzeOptions(uri: string): { partial?: boolean } {
    if (!trusted || !uri.startsWith('file:')) return {};
    let partial = patchCache.get(uri);
    if (partial === undefined) {
      try {
        partial = isKustomizePatch(fileURLToPath(uri), knownPatches);
      } catch {
        partial = false;
      }
      patchCache.set(uri, partial);
    }
    return { partial };
  }

  /** A kustomization was added, changed or removed: files it names (or named) are analysed again. */
  function kustomizationsChanged(): void {
    const before = knownPatches;
    knownPatches = patchesNamedBy(kustomizations);
    patchCache.clear();
    for (const path of new Set([...before, ...knownPatches])) {
      if (before.has(path) === knownPatches.has(path)) continue;
      const uri = pathToFileURL(path).href;
      const state = states.get(uri);
      const document = documents.get(uri);
      if (state && document) {
        states.delete(uri);
        schedule(document);
      } else if (ws.saved(uri)) void reindexFile(uri, false);
    }
  }

  function validate(doc: OpenDocument): void {
    const uri = doc.uri;
    if (!enabled) {
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const previous = states.get(uri);
    if (previous && previous.version === doc.version) return;
    const config = configFor(uri);
    let findings: Finding[];
    let own: Finding[];
    let analysis: FileAnalysis;
    try {
      const before = previous?.analysis ?? ws.saved(uri);
      analysis = ws.analyze(uri, doc.text, config, analyzeOptions(uri), 'open');
      states.set(uri, { version: doc.version, analysis, own: [], findings: [], diagnostics: [] });
      own = ws.check(analysis, config);
      findings = withOverlayFindings(own, overlayFindingsOf(uri, analysis.yaml));
      if (previous && changedForOthers(before, analysis)) scheduleDependents(uri);
    } catch (e) {
      connection.console.error(`ModelReady failed on ${uri}: ${e instanceof Error ? e.stack : String(e)}`);
      return;
    }
    const diagnostics = baselines.diagnostics(uri, findings, config, previous);
    states.set(uri, { version: doc.version, analysis, own, findings, diagnostics });
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  /** Re-checks the other open documents soon: a resource they refer to changed. */
  let dependentsTimer: NodeJS.Timeout | undefined;
  function scheduleDependents(changedUri: string): void {
    clearTimeout(dependentsTimer);
    dependentsTimer = setTimeout(() => {
      for (const doc of documents.all()) {
        if (doc.uri === changedUri) continue;
        const state = states.get(doc.uri);
        if (state && state.analysis.documents.some((d) => d.units.length > 0)) {
          state.version = -1;
          validate(doc);
        }
      }
    }, DEPENDENTS_DELAY_MS);
  }

  async function indexWorkspace(): Promise<void> {
    if (!trusted) return;
    for (const folder of workspaceFolders) {
      const files = await findYamlFiles(folder);
      for (const path of files) if (isKustomizationFile(path)) kustomizations.add(path);
      knownPatches = patchesNamedBy(kustomizations);
      patchCache.clear();
      let slice = performance.now();
      for (const path of files) {
        // Yield every few milliseconds so requests from the editor are answered while a large workspace is
        // indexed; files are read synchronously in between (an awaited read per file left the CPU idle).
        if (performance.now() - slice > INDEX_SLICE_MS) {
          await new Promise((r) => setImmediate(r));
          slice = performance.now();
        }
        const uri = pathToFileURL(path).href;
        if (documents.get(uri)) continue;
        const config = configFor(uri);
        const text = readTextFileSync(path, config.limits.maxFileSizeBytes);
        if (text === undefined) continue;
        try {
          ws.analyze(uri, text, config, analyzeOptions(uri));
        } catch (e) {
          connection.console.error(`ModelReady could not index ${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    revalidateAll();
    scheduleOverlays();
  }

  /**
   * Reads a saved file into the index again (changed, deleted, or its buffer closed). Only files the index holds:
   * a file opened from outside the workspace folders leaves nothing behind when it is closed.
   */
  async function reindexFile(uri: string, deleted: boolean): Promise<void> {
    if (!trusted || documents.get(uri) || !uri.startsWith('file:') || !isIndexedPath(fileURLToPath(uri), workspaceFolders)) return;
    if (deleted) ws.remove(uri);
    else {
      const config = configFor(uri);
      const text = await readTextFile(fileURLToPath(uri), config.limits.maxFileSizeBytes);
      if (text === undefined) ws.remove(uri);
      else ws.analyze(uri, text, config, analyzeOptions(uri));
    }
  }

  /**
   * No fixed debounce: the check runs on the next turn of the event loop. Changes that arrive while a check
   * runs queue up and are applied together before the next one, so a burst of keystrokes costs one check.
   */
  function schedule(doc: OpenDocument): void {
    const uri = doc.uri;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const current = documents.get(uri);
        if (current) validate(current);
      }, 0),
    );
  }

  function analysisOf(uri: string): FileAnalysis | undefined {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const state = states.get(uri);
    if (state?.version === doc.version) return state.analysis;
    // A request arrived before the scheduled check: check now, so answers match the text.
    validate(doc);
    return states.get(uri)?.analysis;
  }

  async function reloadSettings(): Promise<void> {
    if (hasConfigurationCapability) {
      const raw = (await connection.workspace.getConfiguration('modelready')) as Record<string, unknown> | null;
      enabled = raw?.enable !== false;
      kustomizeSetting = typeof raw?.kustomize === 'string' ? raw.kustomize : undefined;
      // The setting may name a program's path; `.modelready.yaml` only kubectl or kustomize (readConfig checks that).
      const { config, problems } = readConfig({ ...raw, kustomize: undefined });
      settings = config;
      for (const p of problems) connection.console.warn(`modelready settings: ${p.message}`);
    }
    configCache.clear();
  }

  function revalidateAll(): void {
    for (const state of states.values()) state.version = -1;
    ws.invalidate();
    for (const doc of documents.all()) validate(doc);
  }

  connection.onInitialize((params): InitializeResult => {
    hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    codeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    resolveEdits = !!params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    const opts = params.initializationOptions as { settings?: Record<string, unknown>; trusted?: boolean } | undefined;
    if (opts?.settings) {
      settings = readConfig({ ...opts.settings, kustomize: undefined }).config;
      kustomizeSetting = typeof opts.settings.kustomize === 'string' ? opts.settings.kustomize : undefined;
    }
    // Editors without Workspace Trust (Neovim, ...) are trusted like any tool the user runs.
    trusted = opts?.trusted !== false;
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    if (workspaceFolders.length === 0 && params.rootUri?.startsWith('file:')) workspaceFolders = [fileURLToPath(params.rootUri)];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'modelready', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'modelready' });
      await reloadSettings();
      revalidateAll();
    }
    void indexWorkspace();
  });

  /** Findings of any known file: open files have theirs; indexed files are checked on demand and cached. */
  const indexedFindings = new Map<string, Finding[]>();
  let indexedFindingsFor: WorkspaceFacts | undefined;
  function findingsOf(uri: string): Finding[] {
    const state = states.get(uri);
    if (state) return state.findings;
    const file = ws.saved(uri);
    return file ? withOverlayFindings(ownFindingsOf(uri) ?? [], overlayFindingsOf(uri, file.yaml)) : [];
  }

  /** A file's own findings (open or indexed), undefined for files the server does not know. */
  function ownFindingsOf(uri: string): Finding[] | undefined {
    const state = states.get(uri);
    if (state) return state.own;
    const file = ws.saved(uri);
    if (!file) return undefined;
    const facts = ws.facts();
    if (indexedFindingsFor !== facts) {
      indexedFindings.clear();
      indexedFindingsFor = facts;
    }
    let findings = indexedFindings.get(uri);
    if (!findings) {
      findings = ws.check(file, configFor(uri));
      indexedFindings.set(uri, findings);
    }
    return findings;
  }

  function knownFiles(): FileAnalysis[] {
    return ws.files();
  }

  /**
   * Kustomize overlays, built with the tool the `kustomize` setting (or `.modelready.yaml`) names, in trusted
   * workspaces only, again after file events. Their findings show on a file while its text is the one built.
   */
  let kustomizeSetting: string | undefined;
  let overlays: { findings: Map<string, Finding[]>; texts: Map<string, string> } | undefined;
  let overlayTimer: NodeJS.Timeout | undefined;
  let overlayRun = 0;
  /** Findings of the overlays built from a file's text, while the file still holds that text (joined only if an overlay uses the file). */
  function overlayFindingsOf(uri: string, file: YamlFile): Finding[] {
    const built = overlays?.texts.get(uri);
    return built !== undefined && built === file.text ? (overlays?.findings.get(uri) ?? []) : [];
  }
  function scheduleOverlays(): void {
    clearTimeout(overlayTimer);
    overlayTimer = setTimeout(() => void buildOverlays(), OVERLAY_DELAY_MS);
  }
  async function buildOverlays(): Promise<void> {
    const run = ++overlayRun;
    const folder = workspaceFolders[0];
    const tool = trusted ? kustomizeTool(kustomizeSetting || (folder ? configFor(pathToFileURL(join(folder, 'kustomization.yaml')).href).kustomize : undefined)) : undefined;
    if (!tool || kustomizations.size === 0) {
      if (overlays) {
        overlays = undefined;
        revalidateAll();
      }
      return;
    }
    try {
      const result = await checkOverlays({ tool, kustomizations, own: ownFindingsOf, configFor: (path) => configFor(pathToFileURL(path).href), env });
      if (run !== overlayRun) return;
      if (result.missingTool) connection.console.warn(`modelready.kustomize: ${result.missingTool}; no overlay was built`);
      const findings = new Map<string, Finding[]>();
      for (const f of result.findings) findings.set(f.uri, [...(findings.get(f.uri) ?? []), f]);
      overlays = { findings, texts: result.texts };
    } catch (e) {
      connection.console.error(`ModelReady could not build the Kustomize overlays: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    indexedFindingsFor = undefined;
    revalidateAll();
  }

  function reportFor(uri: string | undefined): ReadinessReport {
    if (uri) analysisOf(uri);
    const files = uri ? knownFiles().filter((f) => f.uri === uri) : knownFiles().filter((f) => f.documents.some((d) => d.units.length > 0));
    const findings = new Map(files.map((f) => [f.uri, findingsOf(f.uri)]));
    const config = uri ? configFor(uri) : settings;
    const base = workspaceFolders[0] ? pathToFileURL(workspaceFolders[0]).href + '/' : undefined;
    return reportOf(files, findings, config, base);
  }

  const generate = registerGenerate(connection, documents, () => trusted, () => codeLensRefresh);
  connection.onRequest(ReportRequest, (p) => reportFor(p.uri));
  connection.onRequest(ExportReportRequest, (p) => exportReport(reportFor(p.uri), p.format));
  connection.onRequest(FileSummaryRequest, (p) => fileSummary(reportFor(p.uri)));

  /**
   * Checks every indexed manifest, publishing diagnostics for those that are not open; cancellable, with
   * progress notifications. `exclude` holds glob patterns (the `ignore` setting and `files.exclude`).
   */
  connection.onRequest(CheckWorkspaceRequest, async (p, token): Promise<CheckWorkspaceResult> => {
    if (!trusted) return { files: 0, error: 0, warning: 0, info: 0, untrusted: true };
    const patterns = [...(p.exclude ?? []), ...settings.ignore];
    const excluded = (uri: string): boolean => {
      const path = fileURLToPath(uri);
      const rel = workspaceFolders.map((f) => relative(f, path)).find((r) => !r.startsWith('..')) ?? path;
      return patterns.some((g) => minimatch(rel, g, { dot: true, matchBase: !g.includes('/') }));
    };
    const totals: CheckWorkspaceResult = { files: 0, error: 0, warning: 0, info: 0, cancelled: false };
    const uris = knownFiles()
      .filter((f) => f.documents.some((d) => d.units.length > 0 || d.findings.length > 0) || overlays?.findings.has(f.uri))
      .map((f) => f.uri)
      .filter((u) => !excluded(u));
    for (const [i, uri] of uris.entries()) {
      if (token.isCancellationRequested) {
        totals.cancelled = true;
        break;
      }
      const findings = findingsOf(uri);
      totals.files++;
      for (const f of findings) if (f.severity !== 'hint') totals[f.severity]++;
      if (!documents.get(uri)) void connection.sendDiagnostics({ uri, diagnostics: baselines.diagnostics(uri, findings, configFor(uri)) });
      void connection.sendNotification(CheckWorkspaceProgressNotification, { done: i + 1, total: uris.length });
      if (i % 20 === 19) await new Promise((r) => setImmediate(r));
    }
    return totals;
  });

  connection.onRequest(ServerInfoRequest, () => ({ pid: process.pid, version: VERSION, indexedFiles: ws.savedCount, trusted }));

  connection.onNotification(TrustChangedNotification, (p) => {
    trusted = p.trusted;
    // Configurations cached before carry the workspace schemas of the old trust (none when untrusted).
    configCache.clear();
    if (trusted) void indexWorkspace();
    else {
      ws.clear();
      overlays = undefined;
      revalidateAll();
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!hasConfigurationCapability) {
      const raw = (change.settings as { modelready?: Record<string, unknown> } | undefined)?.modelready ?? {};
      enabled = raw.enable !== false;
      kustomizeSetting = typeof raw.kustomize === 'string' ? raw.kustomize : undefined;
      settings = readConfig({ ...raw, kustomize: undefined }).config;
    } else {
      await reloadSettings();
    }
    configCache.clear();
    revalidateAll();
    scheduleOverlays();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    const configChanged = params.changes.some((c) => isConfigFile(c.uri));
    if (configChanged) configCache.clear();
    const kustomizationChanges = params.changes.filter((c) => c.uri.startsWith('file:') && isKustomizationFile(fileURLToPath(c.uri)));
    for (const c of kustomizationChanges) {
      if (c.type === FileChangeType.Deleted) kustomizations.delete(fileURLToPath(c.uri));
      else kustomizations.add(fileURLToPath(c.uri));
    }
    if (kustomizationChanges.length > 0) kustomizationsChanged();
    for (const change of params.changes) {
      if (!isConfigFile(change.uri)) await reindexFile(change.uri, change.type === FileChangeType.Deleted);
    }
    // A `.modelready.yaml` changed, or a file other files refer to: re-check every open document.
    revalidateAll();
    if (params.changes.some((c) => /\.ya?ml$|\/Kustomization$/.test(c.uri))) scheduleOverlays();
    generate.filesChanged();
  });

  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    // A closed file of the workspace goes back to the index as saved. Its buffer's analysis stays until the saved
    // text is read, so the documents the two share are not analysed again.
    const state = states.get(uri);
    states.delete(uri);
    const large = e.document.text.length >= LARGE_FILE_CHARS;
    const forgetBuffer = (): void => {
      if (!documents.get(uri)) ws.remove(uri, 'open');
      if (large) setTimeout(collectGarbage, 0);
    };
    if (state) void reindexFile(uri, false).finally(forgetBuffer);
    else forgetBuffer();
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? complete(analysis, params.position.line, params.position.character, configFor(params.textDocument.uri)).map(toCompletionItem) : [];
  });

  connection.onHover((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    if (!analysis) return null;
    const { line, character } = params.position;
    const h = hover(analysis, line, character, configFor(params.textDocument.uri));
    const findings = findingsHover(states.get(params.textDocument.uri)?.findings ?? [], line, character);
    const parts = [findings, h?.markdown].filter((p): p is string => !!p);
    return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: h?.range } : null;
  });

  connection.onDocumentSymbol((params) => {
    const analysis = analysisOf(params.textDocument.uri);
    return analysis ? documentSymbols(analysis).map(toDocumentSymbol) : [];
  });

  connection.onCodeAction((params) => {
    const uri = params.textDocument.uri;
    const doc = documents.get(uri);
    if (!doc || !analysisOf(uri)) return [];
    const state = states.get(uri)!;
    const actions: CodeAction[] = [];
    const only = params.context.only;
    if (!only || only.some((k) => k === CodeActionKind.QuickFix)) {
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== 'modelready') continue;
        const finding = state.findings.find(
          (f) => f.code === diagnostic.code && f.range.start.line === diagnostic.range.start.line && f.range.start.character === diagnostic.range.start.character && String(diagnostic.message).startsWith(f.message),
        );
        for (const fix of finding?.fixes ?? []) actions.push(toCodeAction(uri, fix, diagnostic));
      }
    }
    if (only?.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source) || (!only && params.context.diagnostics.length > 0)) {
      // Fixing all checks the file again pass after pass (seconds for a file of 1,000 manifests): a client that can
      // resolve actions gets the edit when the action is chosen, not each time the lightbulb asks.
      if (resolveEdits) {
        if (state.findings.some((f) => preferredFix(f))) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAll: uri } });
      } else {
        const fixAll = fixAllAction(doc);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  });

  connection.onCodeActionResolve((action) => {
    const uri = (action.data as { fixAll?: unknown } | undefined)?.fixAll;
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (!doc) return action;
    return fixAllAction(doc) ?? { ...action, edit: { changes: {} } };
  });

  /** Every preferred fix of a document applied (see fixAllText), as one edit; undefined when none changes the text. */
  function fixAllAction(doc: OpenDocument): CodeAction | undefined {
    const uri = doc.uri;
    const text = doc.getText();
    const fixed = fixAllText(uri, text, configFor(uri), env, analyzeOptions(uri));
    if (fixed.text === text) return undefined;
    return { title: `${FIX_ALL_TITLE} (${fixed.fixed})`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: [minimalEdit(doc, text, fixed.text)] } } };
  }

  documents.listen(connection);
  connection.listen();
}

const FIX_ALL_TITLE = 'Fix all auto-fixable ModelReady problems';

/** One edit covering only what changed between two texts, so the editor keeps cursor and folding. */
function minimalEdit(doc: TextDocument, before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endBefore) }, newText: after.slice(start, endAfter) };
}
