import type { FileAnalysis } from '../check';
import type { Finding, ResourceId } from '../types';

/**
 * A finding's stable identity, for baselines, pull-request diffs and SARIF `partialFingerprints`: a hash of
 * the rule, the resource (kind/namespace/name, or the native manifest's name), a semantic detail the rule
 * gives in `data` (container, flag, key, ...) and an occurrence number among findings that share all three.
 * Never the line, the message or the file's path: moving a manifest, editing above a finding or rewording a
 * message keeps it.
 */
export const FINGERPRINT_VERSION = 'modelready/v1';

/**
 * `data` keys that name *what* a finding is about: the container, the server flag, the key or setting, the
 * env variable or image name (`name`), the region. Never values a fix changes (an image's tag, a threshold).
 */
const DETAIL_KEYS = ['container', 'flag', 'key', 'setting', 'name', 'region', 'path', 'pointer'] as const;

/** `Deployment/serving/vllm`, `ModelDeployment/support-assistant`; empty for file-level findings. */
export function resourceLabel(r: ResourceId | undefined): string {
  if (!r || (!r.kind && !r.name)) return '';
  // Concatenated, not joined from an array (as `join` would: null as empty): this runs several times for every finding.
  return joinLabel(joinLabel(joinLabel(undefined, r.kind), r.namespace), r.name) ?? '';
}

function joinLabel(label: string | undefined, part: string | null | undefined): string | undefined {
  if (part === undefined || part === '') return label;
  const text = `${part ?? ''}`;
  return label === undefined ? text : `${label}/${text}`;
}

export function findingDetail(f: Finding): string {
  const data = f.data;
  if (!data) return '';
  let detail = '';
  for (const k of DETAIL_KEYS) {
    const v = data[k];
    if (v === undefined || v === null || v === '') continue;
    const part = `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    detail = detail === '' ? part : `${detail};${part}`;
  }
  return detail;
}

/** Two hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/**
 * 64-bit hash (two 32-bit lanes, cyrb53's mixing) as 16 hex digits: pure, no crypto module needed. The constants are
 * cyrb53's, written as the signed 32-bit values `Math.imul` takes them as, and the digits come from a table: every
 * finding of a run is hashed.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, -1640531535); // 2654435761
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), -2048144789) ^ Math.imul(h2 ^ (h2 >>> 13), -1028477387); // 2246822507, 3266489909
  h2 = Math.imul(h2 ^ (h2 >>> 16), -2048144789) ^ Math.imul(h1 ^ (h1 >>> 13), -1028477387);
  return hex32(h1 >>> 0) + hex32(h2 >>> 0);
}

/** The resource of the document holding `line`: its first unit, else its first shared resource, else its index. */
function resourceAt(file: FileAnalysis, line: number): ResourceId | undefined {
  const d = file.documents.find((x) => line >= x.doc.lineOffset && line <= x.doc.endLine);
  if (!d) return undefined;
  const owner = d.units[0] ?? d.resources[0];
  return owner ? { kind: owner.kind, namespace: owner.namespace, name: owner.name } : { kind: '', name: `#${d.doc.index}` };
}

/** Sets `resource` on a file's findings where the rule did not: the resource of the document each lies in. */
export function settleResources(file: FileAnalysis, findings: readonly Finding[]): void {
  for (const f of findings) f.resource ??= resourceAt(file, f.range.start.line);
}

/**
 * Sets `resource` (where the rule did not) and `fingerprint` on a file's findings, in place (reused findings
 * keep their identity, so the editor's conversions stay cached). `findings` must be in document order: the
 * occurrence number counts in it.
 */
export function assignFingerprints(file: FileAnalysis, findings: readonly Finding[]): void {
  settleResources(file, findings);
  const seen = new Map<string, number>();
  for (const f of findings) {
    const key = identityKey(f);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    // A finding reused from the last check (unchanged document) at the same occurrence keeps its hash.
    if (f.fingerprint === undefined || occurrences.get(f) !== n) {
      f.fingerprint = hash64(`${key}|${n}`);
      occurrences.set(f, n);
    }
  }
}

/**
 * `assignFingerprints` for findings given document by document (each list in document order, the lists in file
 * order). Occurrences count among findings of one resource, so a document whose resources no other document
 * names numbers its findings alone: those keep what they got while the list is the same (an edit elsewhere in a
 * large file does not walk them again). Documents that share a resource are counted together, in file order.
 */
export function assignFingerprintsByDocument(file: FileAnalysis, documents: readonly (readonly Finding[])[]): void {
  const owners = new Map<string, number>();
  const labels = documents.map((findings) => {
    let list = documentLabels.get(findings);
    if (list === undefined) {
      settleResources(file, findings);
      documentLabels.set(findings, (list = [...new Set(findings.map((f) => resourceLabel(f.resource)))]));
    }
    for (const label of list) owners.set(label, (owners.get(label) ?? 0) + 1);
    return list;
  });
  const shared: Finding[] = [];
  documents.forEach((findings, i) => {
    if (labels[i].some((label) => owners.get(label)! > 1)) {
      numberedAlone.delete(findings);
      for (const f of findings) shared.push(f);
    } else if (!numberedAlone.has(findings)) {
      assignFingerprints(file, findings);
      numberedAlone.add(findings);
    }
  });
  if (shared.length > 0) assignFingerprints(file, shared);
}

/**
 * A document's findings moved to other lines (`to[i]` is `from[i]` with its ranges shifted, fingerprint kept, in the
 * same order): the list keeps what `assignFingerprintsByDocument` knew of it, so a document numbered on its own is
 * not numbered again.
 */
export function carryFingerprints(from: readonly Finding[], to: readonly Finding[]): void {
  const labels = documentLabels.get(from);
  if (labels) documentLabels.set(to, labels);
  if (numberedAlone.has(from)) numberedAlone.add(to);
}

/** Per document's findings list: the resources its findings name; whether it was numbered on its own. */
const documentLabels = new WeakMap<readonly Finding[], string[]>();
const numberedAlone = new WeakSet<readonly Finding[]>();

/** Per finding object: its identity key and the occurrence number its fingerprint was computed for. */
const identityKeys = new WeakMap<Finding, string>();
const occurrences = new WeakMap<Finding, number>();

function identityKey(f: Finding): string {
  let key = identityKeys.get(f);
  if (key === undefined) {
    key = `${f.code}|${resourceLabel(f.resource)}|${findingDetail(f)}`;
    // Only once `resource` is settled: it is part of the key.
    if (f.resource) identityKeys.set(f, key);
  }
  return key;
}

/** The fingerprint `assignFingerprints` gave, or (for a finding that did not go through `checkFile`) its first occurrence's. */
export function fingerprintOf(f: Finding): string {
  return f.fingerprint ?? hash64(`${identityKey(f)}|0`);
}
