import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { DEFAULT_CONFIG } from '../../server/src/engine/config/config';
import type { Finding } from '../../server/src/engine/types';
import type { FileResult, InputFile } from '../../server/src/cli/pipeline';
import { claimAll, Slice } from '../../server/src/cli/pipeline';
import { packResults, unpackResults } from '../../server/src/cli/wire';

const CORPUS = resolve(__dirname, '../fixtures/corpus/kserve');

/** What crossing to another thread does: pack, structured clone, unpack. */
function crossed(results: FileResult[]): FileResult[] {
  return unpackResults(deserialize(serialize(packResults(results))) as ReturnType<typeof packResults>);
}

/** A result as plain data, absent fields left out (lean findings carry `fixes: undefined`). */
function plain(results: FileResult[]): unknown {
  return JSON.parse(JSON.stringify(results));
}

function checked(dir: string): FileResult[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f)).sort();
  const inputs: InputFile[] = files.map((f) => ({ path: join(dir, f), uri: pathToFileURL(join(dir, f)).href, config: 0 }));
  const slice = new Slice(inputs, [DEFAULT_CONFIG], {}, (i) => files[i], claimAll(inputs.length));
  slice.analyze();
  return slice.check();
}

describe('CLI threads: results as they cross from a worker', () => {
  it('gives back the results of real files as they were, findings in order, shared objects still shared', () => {
    const results = checked(CORPUS);
    const findings = results.flatMap((r) => r.findings);
    assert.ok(findings.length > 50, `a corpus with findings (${findings.length})`);
    const back = crossed(results);
    assert.deepEqual(plain(back), plain(results));
    // Findings of one unit share its resource object: once across, they still do.
    const resources = (list: FileResult[]) => new Set(list.flatMap((r) => r.findings.map((f) => f.resource)).filter(Boolean)).size;
    assert.equal(resources(back), resources(results));
  });

  it('keeps every optional field of a finding, and leaves absent ones absent', () => {
    // Every field of a finding (Required: a field added to Finding must be added here, and then to the wire format).
    const full: Required<Finding> = {
      code: 'security/inline-secret',
      severity: 'warning',
      message: 'A secret in plain text.',
      range: { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } },
      uri: 'file:///other.yaml',
      docsUrl: 'https://example.test/rule',
      related: [{ uri: 'file:///a.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'here' }],
      fixes: [{ title: 'Use a Secret', edits: [], isPreferred: true }],
      data: { key: 'HF_TOKEN', nested: { n: 1 } },
      unnecessary: false,
      resource: { kind: 'Deployment', namespace: 'ml', name: 'vllm' },
      fingerprint: '0123456789abcdef',
    };
    const bare: Finding = { code: 'schema/invalid', severity: 'error', message: 'Expected a number.', range: full.range, uri: 'file:///x.yaml', docsUrl: '' };
    const results: FileResult[] = [
      { uri: 'file:///x.yaml', path: 'x.yaml', summary: { uri: 'file:///x.yaml', documents: 1, units: [], scoreUnits: [] }, findings: [full, bare, { ...bare, unnecessary: true }] },
      { uri: 'file:///y.yaml', path: 'y.yaml', summary: { uri: 'file:///y.yaml', documents: 0, units: [], scoreUnits: [] }, findings: [], error: 'cannot read y.yaml' },
    ];
    const back = crossed(results);
    assert.deepEqual(back, results);
    assert.deepEqual(Object.keys(back[0].findings[1]).sort(), Object.keys(bare).sort());
  });
});
