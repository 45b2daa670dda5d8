import { memoByText } from './memo';

/** Zero-based position; `character` counts UTF-16 code units, as LSP and JavaScript strings do. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix computed by the engine; the LSP layer only converts it. */
export interface Fix {
  title: string;
  /**
   * Rules' fixes compute their edits on first read (fix/lazy.ts `lazyFix`), so a lazy fix is not copied by spreading
   * (`mapEdits` derives one); an offered fix always has edits.
   */
  edits: TextEdit[];
  /** The fix to apply when the user asks to fix everything automatically. */
  isPreferred?: boolean;
  /** `newText` of the edits contains LSP snippet placeholders (`${1:value}`). */
  snippet?: boolean;
}

/**
 * Edits decided but not yet written: where they go is known (so whether there is a fix to offer), their text is built
 * by `edits()`. Most findings are never fixed, and writing text (indentation scans, YAML stringify) costs more than
 * deciding; rules offer plans as lazy fixes (rules/support/fixes.ts `fixesFor`). `edits()` never returns an empty
 * list: where there is nothing to edit there is no plan (undefined).
 */
export interface EditPlan {
  /** Whether the text holds snippet placeholders (`${1:default}`) for the user to complete (asked of few plans). */
  placeholders(): boolean;
  edits(): TextEdit[];
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  /** `area/name`, e.g. `reliability/image-pinned` or `schema/invalid`. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  uri: string;
  docsUrl: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Free-form data the fix or a later formatter needs. */
  data?: Record<string, unknown>;
  /** Set on findings of suppression comments, which tag the text as unnecessary. */
  unnecessary?: boolean;
  /** The resource the finding is about (rules set it from their unit; `checkFile` fills it from the document). */
  resource?: ResourceId;
  /** Stable identity across edits (rule, resource, semantic detail; not line or message): see report/fingerprint.ts. */
  fingerprint?: string;
}

/** A resource's identity: Kubernetes kind/namespace/name, or the native manifest's kind and name. */
export interface ResourceId {
  kind: string;
  namespace?: string;
  name: string;
}

/** Rule pages live in the repository, so the link of every diagnostic works without a website. */
export const DOCS_BASE = 'https://github.com/modelready/modelready/blob/main/docs/rules/';

/** A code's rule page; one string per code, as every finding carries its link. */
export const docsUrlFor: (code: string) => string = memoByText((code) => `${DOCS_BASE}${code}.md`);

/** Code-unit order of two strings (not the locale's): the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
