import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { SHARED_ID, withDefinitions } from '../../formats/schemas';
import type { JsonSchema, ValidateAs } from '../validate';
import { AJV_OPTIONS, ANNOTATION_FORMATS, VALIDATE_AS } from '../validate';
import type * as Generated from './validators';

/**
 * The validators scripts/schemas/standalone.mjs generates at build time must be the ones run-time compilation gives:
 * same options, same inputs (not stale), and the same errors on real manifests and mutations of them.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');
let generated: typeof Generated | undefined;
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  generated = require('./validators') as typeof Generated;
} catch {
  generated = undefined; // never built: validate.ts compiles every schema at run time
}

const SHIPPED = [
  'schemas/modeldeployment.schema.json',
  'schemas/modelready-config.schema.json',
  ...['schemas/kubernetes', 'schemas/crds'].flatMap((d) => readdirSync(path.join(ROOT, d)).filter((f) => f !== 'definitions.json').map((f) => `${d}/${f}`)),
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : /\.ya?ml$/.test(name) ? [full] : [];
  });
}

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD = [5, -1, 1.5, 'yes', '${VAR}', 'not a quantity!', null, true, [], {}, ['x'], { nmae: 1 }, 'P30D', '2026-13-01', 'a'.repeat(300)];

/** A copy of a value with some nodes replaced by ill-typed values and some keys added or removed. */
function mutate(value: unknown, next: () => number, rate: number): unknown {
  if (next() < rate) return ODD[Math.floor(next() * ODD.length)];
  if (Array.isArray(value)) return value.map((v) => mutate(v, next, rate));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (next() >= rate / 2) out[k] = mutate(v, next, rate);
  if (next() < rate) out[next() < 0.5 ? 'nmae' : 'specs'] = 1;
  return out;
}

/** What validate.ts reads from an error; `parentSchema` only in the parts its messages use. */
function essence(errors: ErrorObject[] | null | undefined): unknown[] {
  return (errors ?? []).map((e) => {
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    return {
      ...e,
      schema: undefined,
      parentSchema: [Object.keys((parent.properties as object) ?? {}), parent.patternErrorMessage, parent['x-modelready-redact']],
    };
  });
}

describe('precompiled schema validators', function () {
  this.timeout(300_000);

  it('were generated with validate.ts options and formats and the shared-definitions id', function () {
    if (!generated) this.skip();
    assert.deepEqual(generated.ajvOptions, AJV_OPTIONS);
    assert.deepEqual(generated.annotationFormats, ANNOTATION_FORMATS);
    assert.equal(generated.sharedId, SHARED_ID);
  });

  it('are up to date with the schemas (else run `npm run build`)', async function () {
    if (!generated) this.skip();
    const script = path.join(ROOT, 'scripts', 'schemas', 'standalone.mjs');
    const { inputsHash } = (await import(script)) as { inputsHash(): string };
    assert.equal(generated.inputsHash, inputsHash(), 'server/src/engine/schema/generated/validators.js is stale: run `npm run build`');
  });

  it('report the errors run-time compilation reports, on the corpus and mutations of it', function () {
    if (!generated) this.skip();
    const ajv = new Ajv({ ...AJV_OPTIONS });
    addFormats(ajv);
    for (const f of ANNOTATION_FORMATS) ajv.addFormat(f, true);
    ajv.addSchema({ definitions: (JSON.parse(readFileSync(path.join(ROOT, 'schemas/kubernetes/definitions.json'), 'utf8')) as JsonSchema).definitions, $id: SHARED_ID });
    const docs = [...walk(path.join(ROOT, 'test', 'fixtures')), ...walk(path.join(ROOT, 'examples'))]
      .flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as unknown))
      .filter((v) => v && typeof v === 'object');
    let compared = 0;
    let failing = 0;
    const gen = generated;
    for (const file of SHIPPED) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const source = require(path.join(ROOT, file)) as JsonSchema;
      const pre = gen.precompiled(source);
      assert.ok(pre, `no precompiled validator for ${file}`);
      const as = (withDefinitions(source) as Record<symbol, unknown>)[VALIDATE_AS] as ValidateAs;
      const runtime: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } = ajv.compile(file.startsWith('schemas/kubernetes/') || file.startsWith('schemas/crds/') ? as.compile() : source);
      const kind = (d: unknown): unknown => (d as Record<string, unknown>).kind;
      const next = rng(SHIPPED.indexOf(file) + 1);
      // Documents of this schema's kind (and a sample of others), as they are and mutated.
      const own: unknown[] = docs.filter((d) => JSON.stringify(source).includes(`"${String(kind(d))}"`));
      const sample: unknown[] = [...own, ...docs.filter((_, i) => i % 25 === 0)];
      for (const doc of sample) {
        for (const value of [doc as unknown, mutate(doc, next, 0.05), mutate(doc, next, 0.2)]) {
          const ok: boolean = pre(value);
          assert.equal(ok, runtime(value));
          assert.deepEqual(essence(pre.errors), essence(runtime.errors));
          compared++;
          if (!ok) failing++;
        }
      }
    }
    assert.ok(compared > 500 && failing > 300, `${compared} documents compared, ${failing} with errors`);
  });
});
