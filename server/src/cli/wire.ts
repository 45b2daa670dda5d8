import type { Finding, Severity } from '../engine/types';
import type { FileResult } from './pipeline';

/**
 * A worker's results as they cross to the main thread. Structured clone writes every finding as an object with its
 * keys and strings (on the bench's 10,000 files, half of them in a worker: 30 MB, and a quarter of a second for the
 * main thread to read back while the run waits for it), though most of a finding's strings are its rule's and its
 * file's. Packed, the numbers of all findings travel in one Int32Array and each distinct string once; the rest of a
 * result (its summary) and the objects findings share (resources, kept fixes) go by structured clone as they are.
 */
export interface PackedResults {
  /** The results with no findings (`findings` empty); `counts[i]`: how many of the packed findings are result i's. */
  results: FileResult[];
  counts: Int32Array;
  /** `SLOTS` numbers per finding, in result order (see `Slot`). */
  numbers: Int32Array;
  strings: string[];
  /** Objects findings refer to: resources and fixes (shared ones once), related locations and data. */
  objects: unknown[];
}

/** A finding's numbers: string and object indices (-1: absent) and its range. */
const enum Slot {
  Code,
  Severity,
  Message,
  Uri,
  DocsUrl,
  Fingerprint,
  StartLine,
  StartCharacter,
  EndLine,
  EndCharacter,
  Resource,
  Fixes,
  Related,
  Data,
  Unnecessary,
}
const SLOTS = Slot.Unnecessary + 1;
const ABSENT = -1;

export function packResults(results: readonly FileResult[]): PackedResults {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) stringIndex.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const objects: unknown[] = [];
  const objectIndex = new Map<unknown, number>();
  const obj = (o: unknown): number => {
    if (o === undefined) return ABSENT;
    let i = objectIndex.get(o);
    if (i === undefined) objectIndex.set(o, (i = objects.push(o) - 1));
    return i;
  };
  const total = results.reduce((n, r) => n + r.findings.length, 0);
  const numbers = new Int32Array(total * SLOTS);
  const counts = new Int32Array(results.length);
  let at = 0;
  const bare = results.map((r, k) => {
    counts[k] = r.findings.length;
    for (const f of r.findings) {
      numbers[at + Slot.Code] = str(f.code);
      numbers[at + Slot.Severity] = str(f.severity);
      numbers[at + Slot.Message] = str(f.message);
      numbers[at + Slot.Uri] = str(f.uri);
      numbers[at + Slot.DocsUrl] = str(f.docsUrl);
      // A fingerprint names one finding: stored as it is, not looked up.
      numbers[at + Slot.Fingerprint] = f.fingerprint === undefined ? ABSENT : strings.push(f.fingerprint) - 1;
      numbers[at + Slot.StartLine] = f.range.start.line;
      numbers[at + Slot.StartCharacter] = f.range.start.character;
      numbers[at + Slot.EndLine] = f.range.end.line;
      numbers[at + Slot.EndCharacter] = f.range.end.character;
      numbers[at + Slot.Resource] = obj(f.resource);
      numbers[at + Slot.Fixes] = obj(f.fixes);
      numbers[at + Slot.Related] = obj(f.related);
      numbers[at + Slot.Data] = obj(f.data);
      numbers[at + Slot.Unnecessary] = f.unnecessary === undefined ? ABSENT : Number(f.unnecessary);
      at += SLOTS;
    }
    return { ...r, findings: [] };
  });
  return { results: bare, counts, numbers, strings, objects };
}

/** The results `packResults` packed: findings equal to the originals (their absent fields left out). */
export function unpackResults(packed: PackedResults): FileResult[] {
  const { numbers, strings, objects } = packed;
  const object = <T>(i: number): T | undefined => (i === ABSENT ? undefined : (objects[i] as T));
  let at = 0;
  return packed.results.map((r, k) => {
    const findings: Finding[] = new Array<Finding>(packed.counts[k]);
    for (let j = 0; j < findings.length; j++, at += SLOTS) {
      const f: Finding = {
        code: strings[numbers[at + Slot.Code]],
        severity: strings[numbers[at + Slot.Severity]] as Severity,
        message: strings[numbers[at + Slot.Message]],
        range: {
          start: { line: numbers[at + Slot.StartLine], character: numbers[at + Slot.StartCharacter] },
          end: { line: numbers[at + Slot.EndLine], character: numbers[at + Slot.EndCharacter] },
        },
        uri: strings[numbers[at + Slot.Uri]],
        docsUrl: strings[numbers[at + Slot.DocsUrl]],
      };
      const related = object<Finding['related']>(numbers[at + Slot.Related]);
      if (related) f.related = related;
      const fixes = object<Finding['fixes']>(numbers[at + Slot.Fixes]);
      if (fixes) f.fixes = fixes;
      const data = object<Finding['data']>(numbers[at + Slot.Data]);
      if (data) f.data = data;
      if (numbers[at + Slot.Unnecessary] !== ABSENT) f.unnecessary = numbers[at + Slot.Unnecessary] === 1;
      const resource = object<Finding['resource']>(numbers[at + Slot.Resource]);
      if (resource) f.resource = resource;
      if (numbers[at + Slot.Fingerprint] !== ABSENT) f.fingerprint = strings[numbers[at + Slot.Fingerprint]];
      findings[j] = f;
    }
    r.findings = findings;
    return r;
  });
}
