/**
 * `npm run new-rule -- <area>/<name>` scaffolds a readiness rule: the rule file, its table test beside it, its docs
 * page and its entry in the area's index (sorted by id), then runs scripts/catalogue.ts so the configuration schema
 * and the rule index know it. The test table starts with one invalid case that fails until the rule is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_BY_ID } from '../server/src/engine/rules/registry';
import type { Area } from '../server/src/engine/vocabulary';
import { AREAS } from '../server/src/engine/vocabulary';

const ROOT = join(__dirname, '..');

export interface ScaffoldFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
}

const TODO_DESCRIPTION = 'TODO: one line, what the rule checks.';
const TODO_RATIONALE = 'TODO: why it matters, with its source (a vendor document, a paper, a regulation article).';
/** What the page says of ALL_FORMATS (the wording of the other pages). */
const ALL_FORMATS_TEXT = 'ModelDeployment, Kubernetes (Deployment, StatefulSet), KServe (InferenceService, LLMInferenceService), KubeRay (RayService), LeaderWorkerSet';

/** `area/name` checked against the areas and the registry. */
export function parseRuleId(id: string, known: ReadonlySet<string>): { area: Area; name: string } {
  const match = /^([a-z]+)\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/.exec(id);
  if (!match) throw new Error(`${id}: a rule id is \`<area>/<name>\`, the name in kebab case (e.g. reliability/shared-memory)`);
  const [, area, name] = match;
  if (!(AREAS as readonly string[]).includes(area)) throw new Error(`${id}: the area must be one of ${AREAS.join(', ')}`);
  if (known.has(id)) throw new Error(`${id} exists already`);
  return { area: area as Area, name };
}

/** `shared-memory` → `sharedMemory`: the name the area index imports the rule as. */
export function identifierOf(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function ruleText(area: Area, name: string): string {
  return `import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';

export default defineRule({
  meta: {
    id: '${area}/${name}',
    area: '${area}',
    severity: 'warning',
    description: '${TODO_DESCRIPTION}',
    rationale: '${TODO_RATIONALE}',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: false,
  },
  // TODO: judge the facts of \`context.unit\` (facts/model.ts: \`unit.spec\` has the native shape in every format) and
  // \`context.report({ at: 'fact.path', message })\`. When a fact is unknown (a placeholder, a value a Kustomize base
  // sets elsewhere) stay silent.
  check(_context) {},
});
`;
}

function testText(name: string): string {
  return `import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './${name}';

// Cases from real manifests: \`mutate\` changes the complete example, \`yaml\` is a whole file (copy the shape from a
// real repository). Each case's name says the behaviour it pins.
ruleTester(rule, {
  valid: [
    // TODO: the shapes the rule must accept, unknown facts included (it stays silent on those).
  ],
  invalid: [
    {
      // Fails until the rule is written: replace it with the first behaviour the rule pins, changing the complete
      // example (or giving \`yaml\`) so that the rule has something to report.
      name: 'TODO: reports … and offers …',
      mutate: () => {},
      findings: [{ message: /TODO/ }],
    },
  ],
});
`;
}

function pageText(area: Area, name: string): string {
  return `# ${area}/${name}

> ${TODO_DESCRIPTION}

| | |
| --- | --- |
| Area | ${area} |
| Default severity | warning |
| Profiles | production, regulated |
| Formats | ${ALL_FORMATS_TEXT} |
| Fixable | no |

## What it checks

TODO: what is judged in each format, and what is not judged (when the rule stays silent).

## Why

TODO: ${TODO_RATIONALE.slice('TODO: '.length)}

## Examples

Bad:

\`\`\`yaml
TODO
\`\`\`

Good:

\`\`\`yaml
TODO
\`\`\`

## Options

None.

## Fix

None.
`;
}

const IMPORT = /^import (\w+) from '\.\/([a-z0-9-]+)';$/;

/** The area index with the rule imported and listed, both sorted by name (so the registry stays sorted by id). */
export function registerInIndex(index: string, name: string): string {
  const lines = index.split('\n');
  const imports = new Map<string, string>(); // identifier → module name
  for (const line of lines) {
    const m = IMPORT.exec(line);
    if (m) imports.set(m[1], m[2]);
  }
  const id = identifierOf(name);
  if (imports.has(id) || [...imports.values()].includes(name)) throw new Error(`the area index imports ${name} already`);
  imports.set(id, name);
  const byName = [...imports].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));

  // The rule imports replace the old ones where the first of them stood; other imports stay where they are.
  const first = lines.findIndex((l) => IMPORT.test(l));
  const rest = lines.filter((l) => !IMPORT.test(l));
  const at = first < 0 ? rest.findIndex((l) => !l.startsWith('import ')) : first;
  const withImports = [...rest.slice(0, at), ...byName.map(([ident, mod]) => `import ${ident} from './${mod}';`), ...rest.slice(at)].join('\n');

  const list = /(export const \w+_RULES: readonly Rule\[\] = \[)([^\]]*)(\];)/.exec(withImports);
  if (!list) throw new Error('the area index has no `export const <AREA>_RULES: readonly Rule[] = [...]`');
  const idents = byName.map(([ident]) => ident);
  const body = list[2].includes('\n') ? `\n${idents.map((i) => `  ${i},\n`).join('')}` : idents.join(', ');
  return withImports.slice(0, list.index) + list[1] + body + list[3] + withImports.slice(list.index + list[0].length);
}

/** The files a new rule needs, given the current text of its area's index. Pure: writes nothing. */
export function scaffold(id: string, areaIndex: string, known: ReadonlySet<string>): ScaffoldFile[] {
  const { area, name } = parseRuleId(id, known);
  const dir = `server/src/engine/rules/${area}`;
  return [
    { path: `${dir}/${name}.ts`, text: ruleText(area, name) },
    { path: `${dir}/${name}.test.ts`, text: testText(name) },
    { path: `docs/rules/${area}/${name}.md`, text: pageText(area, name) },
    { path: `${dir}/index.ts`, text: registerInIndex(areaIndex, name) },
  ];
}

if (require.main === module) {
  const id = process.argv[2];
  if (!id) {
    console.error('Usage: npm run new-rule -- <area>/<name>');
    process.exit(2);
  }
  try {
    const area = id.split('/')[0];
    const indexPath = join(ROOT, 'server', 'src', 'engine', 'rules', area, 'index.ts');
    const files = scaffold(id, existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : '', new Set(RULES_BY_ID.keys()));
    const taken = files.filter((f) => !f.path.endsWith('/index.ts') && existsSync(join(ROOT, f.path)));
    if (taken.length > 0) throw new Error(`${taken.map((f) => f.path).join(', ')} exist already`);
    for (const f of files) {
      writeFileSync(join(ROOT, f.path), f.text);
      console.log(`wrote ${f.path}`);
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  // A new process: this one loaded the registry before the rule existed.
  const catalogue = spawnSync('npx', ['tsx', 'scripts/catalogue.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (catalogue.status !== 0) process.exit(catalogue.status ?? 1);
  console.log(`Next: write the cases in ${id}.test.ts, then the check, then the page (CONTRIBUTING.md, "Add a rule").`);
}
