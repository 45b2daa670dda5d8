import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT_OK, UsageError } from './errors';
import type { Command } from './main';

const USAGE = `Usage: modelready import [options] FILE...

Reads the Kubernetes or KServe manifests of a model server (Deployment, StatefulSet, LeaderWorkerSet,
InferenceService, LLMInferenceService, with their Service, HPA/ScaledObject, PodDisruptionBudget and
NetworkPolicy) and writes a ModelDeployment (<name>.modelready.yaml) with every fact it can read, its
\`implementation:\` naming the files. Governance, monitoring and testing are left as TODOs the rules point at.

  --out DIR                where to write (default: the current directory)
  --stdout                 print the manifest instead of writing it
  --force                  overwrite an existing manifest`;

export const importCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: { out: { type: 'string' }, stdout: { type: 'boolean' }, force: { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('import takes the Kubernetes or KServe files of a model server');
    const { planImport, posixRelative } = await import('../node/generate.js');
    const { GenerateError } = await import('../engine/generate/index.js');
    const files = positionals.map((p) => {
      const path = resolve(io.cwd, p);
      try {
        return { path, text: readFileSync(path, 'utf8') };
      } catch (e) {
        throw new UsageError(`cannot read ${p}: ${(e as Error).message}`);
      }
    });
    let planned;
    try {
      planned = planImport(files, resolve(io.cwd, (values.out as string | undefined) ?? '.'));
    } catch (e) {
      if (e instanceof GenerateError) throw new UsageError(`cannot import ${positionals.join(' ')}: ${e.message}`);
      throw e;
    }
    if (values.stdout) {
      io.stdout.write(planned.map((m) => m.text).join('---\n'));
      return EXIT_OK;
    }
    // Refuse before writing anything, so a refusal leaves no half-done import.
    if (!values.force) for (const t of planned) if (existsSync(t.path)) throw new UsageError(`${posixRelative(io.cwd, t.path)} already exists; use --force to overwrite it`);
    for (const t of planned) {
      mkdirSync(dirname(t.path), { recursive: true });
      writeFileSync(t.path, t.text, 'utf8');
      io.stdout.write(`wrote ${posixRelative(io.cwd, t.path)}\n`);
    }
    return EXIT_OK;
  },
};
