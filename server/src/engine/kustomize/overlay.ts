import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { Config } from '../config/config';
import { DEFAULT_CONFIG } from '../config/config';
import type { CheckEnvironment } from '../check';
import { applySuppressions } from '../config/suppressions';
import { analyzeFile, buildWorkspace, checkFile } from '../check';
import type { PathSegment, YamlDocument } from '../parse/yaml';
import { parseYaml } from '../parse/yaml';
import type { Finding, Range, RelatedLocation, Severity } from '../types';
import { docsUrlFor } from '../types';

/**
 * Findings on a Kustomize overlay's built output, placed back on the files that set the values.
 *
 * The caller (server/src/node/kustomize-build.ts) builds the overlay with the user's kustomize or kubectl and reads
 * the kustomizations and files that went into it; here the built text is checked as one virtual file (whole
 * resources, not partial) and each finding is moved to the patch or base document that sets the value it points at,
 * or to the overlay's kustomization entry that brought the resource in when no file sets it (a transformer did).
 */

/** A kustomization of the overlay's tree: levels[0] is the overlay, the others its bases and components. */
export interface KustomizationLevel {
  uri: string;
  text: string;
  /** The level that names this one (undefined for the overlay). */
  parent?: number;
}

/** A file that went into the build, in the order kustomize applies them (bases first, patches after resources). */
export interface OverlaySource {
  uri: string;
  text: string;
  role: 'resource' | 'patch';
  /** Index of the kustomization level that names it. */
  level: number;
  /** The overlay kustomization's entry that brought it in, e.g. ['resources', 0] or ['patches', 1]. */
  via: PathSegment[];
}

export interface OverlayBuild {
  levels: KustomizationLevel[];
  sources: OverlaySource[];
  /** The output of `kustomize build` / `kubectl kustomize`. */
  built: string;
  /** The uri the built text is checked as (a name in the overlay's folder, so relative references resolve there). */
  builtUri: string;
}

/** Keyed list items (containers, env, ports, volumes, volume mounts) are matched by `name`, as strategic merge does. */
type KeyedSegment = string | number | { name: string };

interface SourceDoc {
  source: OverlaySource;
  doc: YamlDocument;
  kind: string;
  name?: string;
}

interface Located {
  uri: string;
  range: Range;
  /** The scalar value at the place, when it is one. */
  value?: string;
  role: OverlaySource['role'];
}

function plain(doc: YamlDocument): Record<string, unknown> | undefined {
  if (doc.hasErrors) return undefined;
  const js = doc.toJS();
  const v = 'value' in js ? js.value : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function identity(doc: YamlDocument): { kind: string; name?: string } | undefined {
  const v = plain(doc);
  if (!v || typeof v.kind !== 'string') return undefined;
  const name = (v.metadata as Record<string, unknown> | undefined)?.name;
  return { kind: v.kind, name: typeof name === 'string' ? name : undefined };
}

function scalarText(node: Node | null | undefined): string | undefined {
  return isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value) : undefined;
}

/** The path of the node that starts at or spans `offset`, and whether the offset is on a mapping key. */
function pathAt(doc: YamlDocument, offset: number): { path: PathSegment[]; atKey: boolean } {
  const path: PathSegment[] = [];
  const within = (n: Node | null | undefined): boolean => !!n?.range && offset >= n.range[0] && offset < Math.max(n.range[1], n.range[0] + 1);
  let node: Node | null | undefined = doc.doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key as Node) || within(p.value as Node));
      if (!pair || !isScalar(pair.key)) return { path, atKey: false };
      path.push(String(pair.key.value));
      if (within(pair.key as Node)) return { path, atKey: true };
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within((isPair(item) ? item.value : item) as Node));
      if (index < 0) return { path, atKey: false };
      path.push(index);
      node = node.items[index] as Node;
    } else return { path, atKey: false };
  }
}

/** A built path with list items named where they have a `name` (their strategic-merge key). */
function keyedPath(doc: YamlDocument, path: readonly PathSegment[]): KeyedSegment[] {
  const out: KeyedSegment[] = [];
  let node: Node | null | undefined = doc.doc.contents;
  for (const seg of path) {
    if (isMap(node)) {
      out.push(seg);
      node = node.get(String(seg), true) as Node | undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      const name = isMap(item) ? scalarText(item.get('name', true) as Node | undefined) : undefined;
      out.push(name !== undefined ? { name } : seg);
      node = item;
    } else return out;
  }
  return out;
}

/** The concrete path of a keyed path in a source document, if the document has it. */
function concretePath(doc: YamlDocument, keyed: readonly KeyedSegment[]): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let node: Node | null | undefined = doc.doc.contents;
  for (const seg of keyed) {
    if (typeof seg === 'object') {
      if (!isSeq(node)) return undefined;
      const index = node.items.findIndex((item) => isMap(item) && scalarText(item.get('name', true) as Node | undefined) === seg.name);
      if (index < 0) return undefined;
      out.push(index);
      node = node.items[index] as Node;
    } else if (isMap(node)) {
      if (!node.has(String(seg))) return undefined;
      out.push(seg);
      node = node.get(String(seg), true) as Node | undefined;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      out.push(seg);
      node = node.items[seg] as Node;
    } else return undefined;
  }
  return out;
}

export class OverlayMapper {
  private readonly levels: { uri: string; doc?: YamlDocument; prefix: string; suffix: string; parent?: number }[];
  private readonly docs: SourceDoc[];
  private readonly root: YamlDocument | undefined;

  constructor(private readonly build: OverlayBuild) {
    this.levels = build.levels.map((l) => {
      const doc = parseYaml(l.text).documents[0];
      const v = doc ? plain(doc) : undefined;
      return { uri: l.uri, doc, prefix: typeof v?.namePrefix === 'string' ? v.namePrefix : '', suffix: typeof v?.nameSuffix === 'string' ? v.nameSuffix : '', parent: l.parent };
    });
    this.root = this.levels[0]?.doc;
    this.docs = build.sources.flatMap((source) =>
      parseYaml(source.text).documents.flatMap((doc) => {
        const id = identity(doc);
        return id ? [{ source, doc, ...id }] : [];
      }),
    );
  }

  /** Names a resource of `level` may have in the build: as written, or with the prefixes and suffixes of its chain. */
  private builtNames(name: string, level: number): Set<string> {
    const chain: number[] = [];
    for (let l: number | undefined = level; l !== undefined && !chain.includes(l); l = this.levels[l]?.parent) chain.unshift(l);
    const names = new Set([name]);
    // Root first: outer prefixes go in front of inner ones. Patches may name the resource at any depth of the chain.
    for (let from = 0; from < chain.length; from++) {
      const ls = chain.slice(from).map((l) => this.levels[l]);
      for (let to = 1; to <= ls.length; to++) {
        const part = ls.slice(0, to);
        names.add(part.map((l) => l.prefix).join('') + name + [...part].reverse().map((l) => l.suffix).join(''));
      }
    }
    return names;
  }

  private sourcesOf(kind: string, name: string): SourceDoc[] {
    return this.docs.filter((d) => d.kind === kind && (d.name === undefined ? d.source.role === 'patch' : this.builtNames(d.name, d.source.level).has(name)));
  }

  /** Where the overlay's kustomization names the entry that brought a resource in (else its first line). */
  private entryRange(via: PathSegment[] | undefined): { uri: string; range: Range } {
    const uri = this.build.levels[0].uri;
    if (!this.root) return { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    return { uri, range: via ? this.root.rangeAt(via) : this.root.headerRange() };
  }

  /** A kustomization `images:` entry that rewrote `original` (the image as the source wrote it). */
  private imagesEntry(original: string): { uri: string; range: Range } | undefined {
    const name = original.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
    for (const level of this.levels) {
      const images = level.doc ? plain(level.doc)?.images : undefined;
      if (!Array.isArray(images) || !level.doc) continue;
      const i = images.findIndex((e) => !!e && typeof e === 'object' && (e as Record<string, unknown>).name === name);
      if (i < 0) continue;
      // The field that made the built image: its tag, digest or new name.
      const entry = images[i] as Record<string, unknown>;
      return { uri: level.uri, range: level.doc.rangeAt(['images', i, ['newTag', 'digest', 'newName'].find((k) => k in entry) ?? 'name']) };
    }
    return undefined;
  }

  /**
   * The places a built finding belongs to: `place` (where it is reported) and `alternatives` (the source nodes at that
   * path with the built value, to recognise a finding a source already gets on its own), or undefined when the
   * finding is not in a resource.
   */
  locate(f: Finding, builtDocs: readonly YamlDocument[]): { place: { uri: string; range: Range }; entry: { uri: string; range: Range }; alternatives: Located[]; resource: string } | undefined {
    // The `---` line belongs to the next document and is also the previous one's last line: the later one wins.
    const doc = [...builtDocs].reverse().find((d) => f.range.start.line >= d.lineOffset && f.range.start.line <= d.endLine);
    const id = doc && identity(doc);
    if (!doc || !id?.name) return undefined;
    const resource = `${id.kind}/${id.name}`;
    const offset = doc.offsetAt(f.range.start.line, f.range.start.character) ?? 0;
    const { path, atKey } = pathAt(doc, offset);
    const builtNode = doc.locate(path).node;
    const builtValue = atKey ? undefined : scalarText(builtNode);
    const keyed = keyedPath(doc, path);
    const candidates = this.sourcesOf(id.kind, id.name);
    const definer = candidates.find((c) => c.source.role === 'resource');
    const via = definer?.source.via ?? candidates[0]?.source.via;
    const alternatives: Located[] = [];
    // A finding on a scalar goes to the same text in the source: inside its quotes, or on the one flag of a long
    // `args` string it is about, as the rule places it in the source itself.
    const end = doc.offsetAt(f.range.end.line, f.range.end.character) ?? offset;
    const part = !atKey && isScalar(builtNode) ? doc.source.slice(offset, end) : '';
    for (const c of candidates) {
      const concrete = concretePath(c.doc, keyed);
      if (!concrete) continue;
      const node = c.doc.locate(concrete).node;
      const at = part && !part.includes('\n') && node?.range ? c.doc.source.indexOf(part, node.range[0]) : -1;
      const range = at >= 0 && at < node!.range![1] ? c.doc.rangeOf([at, at + part.length]) : c.doc.rangeAt(concrete, atKey ? 'key' : 'value');
      alternatives.push({ uri: c.source.uri, range, value: atKey ? undefined : scalarText(node), role: c.source.role });
    }
    // The name was matched with the prefixes and suffixes above: the resource's own name is where it is set.
    const isName = path.length === 2 && path[0] === 'metadata' && path[1] === 'name';
    let place: { uri: string; range: Range } | undefined;
    if (builtValue !== undefined && !isName) {
      // A value: the last source that sets it to what was built (patches apply after resources, later after earlier).
      const setters = alternatives.filter((a) => a.value === builtValue);
      place = setters.filter((a) => a.role === 'patch').pop() ?? setters.filter((a) => a.role === 'resource').pop();
      const original = alternatives.filter((a) => a.value !== undefined).pop()?.value;
      if (!place && path[path.length - 1] === 'image' && original !== undefined) place = this.imagesEntry(original);
    } else {
      // A mapping, list or key: the file that defines the resource, else the last patch that has the path.
      place = alternatives.filter((a) => a.role === 'resource').pop() ?? alternatives.filter((a) => a.role === 'patch').pop();
    }
    const entry = this.entryRange(via);
    // A source that wrote another value (an `images:` entry or a later patch changed it) does not have this finding.
    const same = builtValue !== undefined && !isName ? alternatives.filter((a) => a.value === builtValue) : alternatives;
    return { place: place ?? entry, entry, alternatives: same, resource };
  }
}

/**
 * Same rule on the same line: the finding is already there. Its wording may name the built resource, and rules
 * differ on whether a quoted value's range starts at its quote, so neither the message nor the column is compared.
 */
function samePlace(a: { code: string; uri: string; range: Range }, b: { code: string; uri: string; range: Range }): boolean {
  return a.code === b.code && a.uri === b.uri && a.range.start.line === b.range.start.line;
}

/**
 * Checks the built output of an overlay and maps every finding to the file and line that set the value. Findings
 * that a source file already gets on its own (`own`, by uri) are left out, so a base's findings are not repeated.
 */
export function checkOverlay(build: OverlayBuild, own: (uri: string) => readonly Finding[] | undefined, config: Config = DEFAULT_CONFIG, env: CheckEnvironment = {}): Finding[] {
  const file = analyzeFile(build.builtUri, build.built, config);
  const findings = checkFile(file, buildWorkspace([file], env), config, env);
  const mapper = new OverlayMapper(build);
  const builtDocs = file.yaml.documents;
  const overlayUri = build.levels[0].uri;
  const out: Finding[] = [];
  for (const f of findings) {
    // Suppression bookkeeping of the built text (which has no comments) says nothing about the sources.
    if (f.code.startsWith('meta/')) continue;
    const located = mapper.locate(f, builtDocs);
    if (!located) continue;
    if (located.alternatives.some((a) => (own(a.uri) ?? []).some((o) => samePlace(o, { code: f.code, ...a })))) continue;
    const mapped: Finding = {
      ...f,
      uri: located.place.uri,
      range: located.place.range,
      related: [{ ...located.entry, message: `Found in the Kustomize build of this overlay: ${located.resource}` }],
      // Fixes edit the built text, which is nobody's file; the suppression comment goes where the finding is.
      fixes: undefined,
      data: { ...f.data, kustomizeOverlay: overlayUri, builtResource: located.resource },
    };
    // A file outside the run (a base in another folder) gets nothing: the overlay's entry that brought it in does.
    const placed = own(mapped.uri);
    if (!placed) Object.assign(mapped, located.entry);
    else if (placed.some((o) => samePlace(o, mapped))) continue;
    out.push(mapped);
  }
  // The built text has no comments: suppression comments are honoured where the findings now are.
  const today = env.today ?? new Date().toISOString().slice(0, 10);
  const texts = new Map([...build.levels, ...build.sources].map((s) => [s.uri, s.text]));
  return [...new Set(out.map((f) => f.uri))].flatMap((uri) => {
    const here = out.filter((f) => f.uri === uri);
    const text = texts.get(uri);
    return text === undefined ? here : applySuppressions(uri, text, here, [], today).filter((f) => !f.code.startsWith('meta/'));
  });
}

/**
 * Findings of several overlays, one per rule and place: overlays that map the same finding to the same base line
 * say it once, with each overlay's built resource in the related information.
 */
export function mergeOverlayFindings(lists: readonly Finding[][]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of lists.flat()) {
    // The message may name the built resource (with the overlay's name prefix): the first overlay's wording is kept.
    const key = `${f.code}|${f.uri}|${f.range.start.line}:${f.range.start.character}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...f, related: [...(f.related ?? [])] });
    else for (const r of f.related ?? []) if (!seen.related!.some((x: RelatedLocation) => x.uri === r.uri && x.message === r.message)) seen.related!.push(r);
  }
  return [...byKey.values()];
}

/** A file's own findings plus the overlay findings placed on it that it does not already have. */
export function withOverlayFindings(own: readonly Finding[], overlay: readonly Finding[]): Finding[] {
  const added = overlay.filter((m) => !own.some((o) => samePlace(o, m)));
  if (added.length === 0) return [...own];
  return [...own, ...added].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The first line that says what went wrong, without klog's `E1204 12:00:00.000 run.go:72] "command failed" err=` prefix. */
export function buildErrorLine(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'no output';
  const klog = /^[EWIF]\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] (?:"[^"]*" )?(?:err=)?"?(.*?)"?$/.exec(line);
  const message = (klog ? klog[1] : line).replace(/^Error: /, '');
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

/** The `meta/kustomize-build` finding of an overlay the tool could not build. */
export function buildFailureFinding(kustomizationUri: string, kustomizationText: string, tool: string, message: string): Finding {
  const doc = parseYaml(kustomizationText).documents[0];
  // A file or folder the kustomization names is missing or broken: the authors would fix it. A network fetch,
  // a Helm chart (`--enable-helm`) or a timeout is the environment's doing: say it, quietly.
  const environmental = /enable-helm|helm|timed out|timeout|git |https?:|network|dial tcp/i.test(message);
  const severity: Severity = environmental ? 'info' : 'warning';
  return {
    code: 'meta/kustomize-build',
    severity,
    message: `\`${tool}\` could not build this overlay, so its resources were not checked as built: ${message}`,
    range: doc ? doc.headerRange() : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    uri: kustomizationUri,
    docsUrl: docsUrlFor('meta/kustomize-build'),
  };
}
