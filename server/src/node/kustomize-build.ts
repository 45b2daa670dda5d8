import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckEnvironment } from '../engine/check';
import type { Config } from '../engine/config/config';
import type { KustomizationLevel, OverlaySource } from '../engine/kustomize/overlay';
import { buildErrorLine, buildFailureFinding, checkOverlay, mergeOverlayFindings } from '../engine/kustomize/overlay';
import type { Finding } from '../engine/types';
import { isKustomizationFile, kustomizationEntries } from './kustomize';

/**
 * Builds Kustomize overlays with the user's own `kubectl kustomize` or `kustomize build` (never downloaded, never
 * run unless named: `--kustomize` or the `kustomize` setting) and checks what they build (engine/kustomize/overlay).
 */

/** Per build: overlays that fetch remote bases or render Helm charts may take a while; longer is a hang. */
export const BUILD_TIMEOUT_MS = 20_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
const PARALLEL_BUILDS = 2;

export interface KustomizeTool {
  /** As the user named it (`kubectl`, `kustomize`, or a path). */
  name: string;
  command: string;
  args(dir: string): string[];
}

/** `kubectl` and `kustomize` (looked up on PATH) or a path to either; `off` or nothing: no builds. */
export function kustomizeTool(name: string | undefined): KustomizeTool | undefined {
  if (!name || name === 'off') return undefined;
  const kubectl = /^kubectl(\.exe)?$/i.test(basename(name));
  return { name, command: name, args: (dir) => (kubectl ? ['kustomize', dir] : ['build', dir]) };
}

function kustomizationIn(dir: string): string | undefined {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isComponent(text: string): boolean {
  return /^kind:\s*Component\s*$/m.test(text);
}

/**
 * The overlays among `kustomizationFiles`: kustomizations no other one of them names as a resource, base or
 * component (those are built as part of the overlays that use them). Components are never built alone.
 */
export function overlayRoots(kustomizationFiles: Iterable<string>): string[] {
  const files = [...kustomizationFiles].filter(isKustomizationFile).map((f) => resolve(f));
  const named = new Set<string>();
  const components = new Set<string>();
  for (const f of files) {
    try {
      const text = readFileSync(f, 'utf8');
      if (isComponent(text)) components.add(f);
      for (const e of kustomizationEntries(f, text)) if (e.key === 'resources' || e.key === 'bases' || e.key === 'components') named.add(e.path);
    } catch {
      // unreadable: it is not built, and names nothing
    }
  }
  return files.filter((f) => !components.has(f) && !named.has(dirname(f)));
}

/** The kustomizations and files that go into an overlay's build, in the order kustomize applies them. */
export function overlayTree(kustomizationFile: string): { levels: KustomizationLevel[]; sources: OverlaySource[] } {
  const levels: KustomizationLevel[] = [];
  const sources: OverlaySource[] = [];
  const seen = new Set<string>();
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const visit = (file: string, parent: number | undefined, via: OverlaySource['via'] | undefined): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = read(file);
    if (text === undefined) return;
    const level = levels.length;
    levels.push({ uri: pathToFileURL(file).href, text, parent });
    const entries = kustomizationEntries(file, text);
    const patches: OverlaySource[] = [];
    for (const e of entries) {
      const entryVia = via ?? [e.key, e.index];
      if (e.key === 'resources' || e.key === 'bases' || e.key === 'components') {
        const nested = isDirectory(e.path) ? kustomizationIn(e.path) : undefined;
        if (nested) visit(nested, level, entryVia);
        else if (!isDirectory(e.path)) {
          const t = read(e.path);
          if (t !== undefined) sources.push({ uri: pathToFileURL(e.path).href, text: t, role: 'resource', level, via: entryVia });
        }
      } else {
        const t = read(e.path);
        if (t !== undefined) patches.push({ uri: pathToFileURL(e.path).href, text: t, role: 'patch', level, via: entryVia });
      }
    }
    // A level's patches apply to what its resources and components built.
    sources.push(...patches);
  };
  visit(resolve(kustomizationFile), undefined, undefined);
  return { levels, sources };
}

export type BuildResult = { ok: true; text: string } | { ok: false; message: string; missingTool?: boolean };

/** Runs the tool on the overlay's folder, with a timeout; never throws. */
export function buildOverlay(tool: KustomizeTool, kustomizationFile: string, timeoutMs = BUILD_TIMEOUT_MS): Promise<BuildResult> {
  return new Promise((done) => {
    execFile(tool.command, tool.args(dirname(kustomizationFile)), { timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return done({ ok: true, text: stdout });
      const e = error as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') return done({ ok: false, missingTool: true, message: `${tool.name} was not found` });
      if (e.killed) return done({ ok: false, message: `the build timed out after ${Math.round(timeoutMs / 1000)} s` });
      done({ ok: false, message: buildErrorLine(stderr || e.message) });
    });
  });
}

export interface OverlayCheckOptions {
  tool: KustomizeTool;
  /** Every kustomization of the checked tree (or workspace): the overlays among them are built. */
  kustomizations: Iterable<string>;
  /** A checked file's own findings, undefined for files outside the run. */
  own: (uri: string) => readonly Finding[] | undefined;
  configFor: (path: string) => Config;
  env?: CheckEnvironment;
  timeoutMs?: number;
}

export interface OverlayCheck {
  /** Findings placed on source files (one per rule and place over all overlays). */
  findings: Finding[];
  /** The text each source file had when its overlay was built (editors show the findings only on that text). */
  texts: Map<string, string>;
  /** Set when the tool itself was not found: nothing was built. */
  missingTool?: string;
}

/** Builds every overlay among the kustomizations and maps the findings on what they build back to their files. */
export async function checkOverlays(o: OverlayCheckOptions): Promise<OverlayCheck> {
  const roots = overlayRoots(o.kustomizations);
  const lists: Finding[][] = [];
  const texts = new Map<string, string>();
  let missingTool: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < roots.length && !missingTool) {
      const index = next++;
      const root = roots[index];
      const tree = overlayTree(root);
      if (tree.levels.length === 0) continue;
      const result = await buildOverlay(o.tool, root, o.timeoutMs);
      const overlay = tree.levels[0];
      texts.set(overlay.uri, overlay.text);
      if (!result.ok) {
        if (result.missingTool) missingTool = result.message;
        else lists[index] = [buildFailureFinding(overlay.uri, overlay.text, o.tool.name, result.message)];
        continue;
      }
      for (const s of tree.sources) texts.set(s.uri, s.text);
      const builtUri = pathToFileURL(join(dirname(root), '.kustomize-build.yaml')).href;
      lists[index] = checkOverlay({ ...tree, built: result.text, builtUri }, o.own, o.configFor(root), o.env);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BUILDS }, worker));
  // In the order of the overlays, whichever build finished first.
  return { findings: missingTool ? [] : mergeOverlayFindings(lists.filter(Boolean)), texts, missingTool };
}
