// Runs the steps of action.yml (the composite GitHub Action) on a workstation, as a runner would: inputs from
// `--with name=value` (else their defaults), `${{ }}` expressions of the forms the action uses (inputs, steps'
// outputs, github.action_path, always(), ==, !=, &&), one $GITHUB_OUTPUT file per step, one job summary file.
// Steps that `uses:` another action (the SARIF upload) are shown, not run. Exits with the job's result.
//
//   node scripts/action/run-local.mjs --with path=examples --with sarif=true [--summary FILE]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const actionPath = resolve(new URL('../..', import.meta.url).pathname);
const action = parse(readFileSync(join(actionPath, 'action.yml'), 'utf8'));
const argv = process.argv.slice(2);
const given = {};
let summaryFile;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--with') {
    const [k, ...v] = argv[++i].split('=');
    if (!(k in action.inputs)) throw new Error(`action.yml has no input '${k}'`);
    given[k] = v.join('=');
  } else if (argv[i] === '--summary') summaryFile = argv[++i];
  else throw new Error(`unknown argument ${argv[i]}`);
}
const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, d]) => [k, given[k] ?? String(d.default ?? '')]));
const work = mkdtempSync(join(tmpdir(), 'modelready-action-'));
summaryFile ??= join(work, 'summary.md');
writeFileSync(summaryFile, '', { flag: 'a' });
const steps = {};
let failed = false;

function value(expr) {
  const js = expr
    .replace(/\balways\(\)/g, 'true')
    .replace(/\bsuccess\(\)/g, String(!failed))
    .replace(/\binputs\.([\w-]+)/g, (_, k) => JSON.stringify(inputs[k] ?? ''))
    .replace(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g, (_, id, k) => JSON.stringify(steps[id]?.outputs[k] ?? ''))
    .replace(/\bgithub\.action_path\b/g, JSON.stringify(actionPath));
  // Only literals, ==, !=, && and parentheses may be left: anything else is a form this runner does not know.
  if (/[^\s=!&()]/.test(js.replace(/"(?:[^"\\]|\\.)*"|'[^']*'|\btrue\b|\bfalse\b|\d+/g, ''))) throw new Error(`unsupported expression: ${expr}`);
  return Function(`"use strict"; return (${js.replace(/'/g, '"')});`)();
}
const substitute = (s) => String(s).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e) => String(value(e)));

for (const [i, step] of action.runs.steps.entries()) {
  const name = step.name ?? step.id ?? `step ${i + 1}`;
  const condition = step.if ? value(String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, '')) : !failed;
  if (!condition) {
    console.error(`── ${name}: skipped`);
    continue;
  }
  if (step.uses) {
    const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v)]));
    console.error(`── ${name}: would run ${step.uses} with ${JSON.stringify(withs)} (not run locally)`);
    continue;
  }
  const output = join(work, `output-${i}`);
  writeFileSync(output, '');
  const env = { ...process.env, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v)])), GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_ACTION_PATH: actionPath, RUNNER_TEMP: work };
  console.error(`── ${name}`);
  const r = spawnSync('bash', ['-e', '-c', substitute(step.run)], { env, stdio: 'inherit' });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  if (step.id) steps[step.id] = { outputs };
  if (r.status !== 0) {
    console.error(`── ${name}: failed (exit ${r.status})`);
    failed = true;
  }
}
console.error(`job summary: ${summaryFile}`);
console.log(JSON.stringify({ result: failed ? 'failure' : 'success', steps, summary: summaryFile }));
process.exit(failed ? 1 : 0);
