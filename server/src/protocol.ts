/**
 * The custom requests and notifications between the extension (client/) and the language server (lsp/): method
 * names, parameters and results in one place, imported by both sides (as vscode-eslint's `$shared/customMessages.ts`).
 * Only types and the message-type objects live here: the client bundle must not pull server code.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { GenerateTarget } from './engine/generate/index';
import type { ReadinessReport } from './engine/report/model';

/** The formats `modelready/exportReport` writes. */
export type ExportFormat = 'markdown' | 'html' | 'sarif' | 'json';

/** A report for one file, or for every manifest the server knows when `uri` is left out. */
export interface ReportParams {
  uri?: string;
}

export interface ExportReportParams extends ReportParams {
  format: ExportFormat;
}

export interface FileSummaryParams {
  uri: string;
}

/** What the status bar shows for one file: overall score, counts and a score per area. */
export interface FileSummaryResult {
  isManifest: boolean;
  score: number | null;
  counts: { error: number; warning: number; info: number };
  areas: { area: string; score: number }[];
}

export interface CheckWorkspaceParams {
  /** Glob patterns of files to leave out (the editor's `files.exclude`); the `ignore` setting is added by the server. */
  exclude?: string[];
}

export interface CheckWorkspaceResult {
  files: number;
  error: number;
  warning: number;
  info: number;
  cancelled?: boolean;
  /** The workspace is not trusted: only open documents are checked, so nothing was. */
  untrusted?: boolean;
}

export interface CheckWorkspaceProgressParams {
  done: number;
  total: number;
}

/** What the tests ask of a running server. */
export interface ServerInfoResult {
  pid: number;
  version: string;
  indexedFiles: number;
  trusted: boolean;
}

export interface TrustChangedParams {
  trusted: boolean;
}

/** The readiness report the webview renders. */
export const ReportRequest = new RequestType<ReportParams, ReadinessReport, void>('modelready/report');
/** The report as a document (Markdown, HTML, SARIF or JSON text). */
export const ExportReportRequest = new RequestType<ExportReportParams, string, void>('modelready/exportReport');
export const FileSummaryRequest = new RequestType<FileSummaryParams, FileSummaryResult, void>('modelready/fileSummary');
/** Checks every indexed manifest and publishes its diagnostics; cancellable. */
export const CheckWorkspaceRequest = new RequestType<CheckWorkspaceParams, CheckWorkspaceResult, void>('modelready/checkWorkspace');
/** Sent by the server after each file of a `modelready/checkWorkspace`. */
export const CheckWorkspaceProgressNotification = new NotificationType<CheckWorkspaceProgressParams>('modelready/progress');
export const ServerInfoRequest = new RequestType0<ServerInfoResult, void>('modelready/serverInfo');
/** Sent by the client when the user trusts the workspace. */
export const TrustChangedNotification = new NotificationType<TrustChangedParams>('modelready/trustChanged');

/** A file the client previews as a diff and writes on confirmation (generate, import). */
export interface PreviewFile {
  uri: string;
  text: string;
  /** Text on disk now; absent for a new file. */
  current?: string;
}

export interface PreviewResult {
  files?: PreviewFile[];
  target?: GenerateTarget;
  /** Why nothing can be generated or imported. */
  error?: string;
}

export interface GenerateParams {
  /** The ModelDeployment. */
  uri: string;
  target?: GenerateTarget;
}

export interface ImportParams {
  /** A Kubernetes or KServe manifest of a model server. */
  uri: string;
}

/** The files `modelready generate` would write for a ModelDeployment (previewed; written by the client). */
export const GenerateRequest = new RequestType<GenerateParams, PreviewResult, void>('modelready/generate');
/** The ModelDeployment `modelready import` would write for a manifest (previewed; written by the client). */
export const ImportRequest = new RequestType<ImportParams, PreviewResult, void>('modelready/import');

/**
 * Node flags the extension starts the server with (and the benchmark too, so it measures what users run). A 4 MB
 * young generation instead of V8's 16 MB: a keystroke's garbage is small, and the server needs about 20 MB less at
 * 1,000 documents with no measurable cost per edit (bench/results.md).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
