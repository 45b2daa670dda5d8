import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXIT_OK, UsageError } from './errors';
import { posixRelative } from './generate-command';
import type { Command } from './main';

const USAGE = `Usage: modelready import [options] FILE...

Reads the Kubernetes or KServe manifests of a model server (Deployment, StatefulSet, LeaderWorkerSet,
InferenceService, LLMInferenceService, with their Service, HPA/ScaledObject, PodDisruptionBudget and
NetworkPolicy) and writes a ModelDeployment (<name>.modelready.yaml) with every fact it can read, its
\`implementation:\` naming the files. Governance, monitoring and testing are left as TODOs the rules point at.

  --out DIR                where to write (default: the current directory)
  --stdout                 print the manifest instead of writing it
  --force                  overwrite an existing manifest`;

/** How a manifest in `dir` names a file in `implementation:` (`./k8s/x.yaml`). */
function referenceFrom(dir: string): (uri: string) => string {
  return (uri) => {
    const rel = posixRelative(dir, fileURLToPath(uri));
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
}

export const importCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: { out: { type: 'string' }, stdout: { type: 'boolean' }, force: { type: 'boolean' } },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('import takes the Kubernetes or KServe files of a model server');
    const { analyzeFile } = await import('../engine/check.js');
    const { importManifests } = await import('../engine/generate/import.js');
    const { GenerateError } = await import('../engine/generate/index.js');
    const files = positionals.map((p) => {
      const abs = resolve(io.cwd, p);
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${p}: ${(e as Error).message}`);
      }
      return analyzeFile(pathToFileURL(abs).href, text);
    });
    const outDir = resolve(io.cwd, (values.out as string | undefined) ?? '.');
    let imported;
    try {
      imported = importManifests(files, referenceFrom(outDir));
    } catch (e) {
      if (e instanceof GenerateError) throw new UsageError(`cannot import ${positionals.join(' ')}: ${e.message}`);
      throw e;
    }
    if (values.stdout) {
      io.stdout.write(imported.map((m) => m.text).join('---\n'));
      return EXIT_OK;
    }
    const targets = imported.map((m) => ({ path: resolve(outDir, `${m.name}.modelready.yaml`), text: m.text }));
    // Refuse before writing anything, so a refusal leaves no half-done import.
    if (!values.force) for (const t of targets) if (existsSync(t.path)) throw new UsageError(`${posixRelative(io.cwd, t.path)} already exists; use --force to overwrite it`);
    for (const t of targets) {
      mkdirSync(dirname(t.path), { recursive: true });
      writeFileSync(t.path, t.text, 'utf8');
      io.stdout.write(`wrote ${posixRelative(io.cwd, t.path)}\n`);
    }
    return EXIT_OK;
  },
};
