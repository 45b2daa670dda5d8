import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkText } from '../../../server/src/engine/check';
import { loadConfigFor } from '../../../server/src/node/config-file';

// A router chart's schema shaped like llm-d's router values (`router.epp`, `router.modelServers.protocol`), in the
// 2020-12 dialect charts declare.
const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['router'],
  properties: {
    router: {
      type: 'object',
      required: ['epp'],
      properties: {
        epp: { type: 'object', properties: { replicas: { type: 'integer' }, flags: { type: 'object' } } },
        modelServers: { type: 'object', properties: { protocol: { type: 'string', enum: ['http', 'grpc'] } } },
      },
    },
  },
};

describe('Helm values files and their chart schema (node layer)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'modelready-chart-'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: router\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'values.schema.json'), JSON.stringify(SCHEMA));
    mkdirSync(join(dir, 'ci'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const check = (rel: string, text: string, trusted = true) => {
    const file = join(dir, rel);
    writeFileSync(file, text);
    const { config } = loadConfigFor(join(file, '..'), undefined, undefined, undefined, trusted);
    return checkText(pathToFileURL(file).href, text, config).map((f) => [f.code, f.message]);
  };

  it('validates a values file below the chart with its schema, as helm install does', () => {
    assert.deepEqual(check('ci/values-grpc.yaml', 'router:\n  epp:\n    replicas: two\n  modelServers:\n    protocol: grpcs\n'), [
      ['schema/invalid', '`replicas` must be an integer, not the string "two".'],
      ['schema/invalid', '`protocol` must be one of http, grpc; did you mean `grpc`?'],
    ]);
  });

  it('judges an override as merged with the chart: nothing is required, null deletes a default', () => {
    assert.deepEqual(check('values-small.yaml', 'router:\n  modelServers:\n    protocol: null\n'), []);
  });

  it('leaves other YAML of the chart alone, and reads no schema in an untrusted workspace', () => {
    assert.deepEqual(check('ci/other.yaml', 'router:\n  epp:\n    replicas: two\n'), []);
    assert.deepEqual(check('ci/values-untrusted.yaml', 'router:\n  epp:\n    replicas: two\n', false), []);
  });
});
