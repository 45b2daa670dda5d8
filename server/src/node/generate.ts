import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeFile } from '../engine/check';
import type { DeploymentUnit } from '../engine/facts/model';
import { implementationNames } from '../engine/facts/links';
import type { GenerateTarget } from '../engine/generate/index';
import { GenerateError, generatedTarget, generateManifests, withImplementation } from '../engine/generate/index';
import { importManifests } from '../engine/generate/import';

/**
 * Where generate and import write, shared by the CLI and the language server: paths, the files on disk, and the
 * `implementation:` links between them. The engine builds the texts; this module only places and reads them.
 */

export interface PlannedFile {
  path: string;
  text: string;
  /** The file's text on disk now; undefined when it does not exist. */
  current?: string;
}

/** A path relative to `from`, with forward slashes (YAML references are the same on every OS). */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

function currentText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The ModelDeployment of a manifest text. */
export function manifestUnit(path: string, text: string): DeploymentUnit {
  const unit = analyzeFile(pathToFileURL(path).href, text)
    .documents.flatMap((d) => d.units)
    .find((u) => u.format === 'modeldeployment');
  if (!unit) throw new GenerateError('the file holds no ModelDeployment (apiVersion: modelready.dev/v1alpha1, kind: ModelDeployment)');
  return unit;
}

/** The generated files the manifest's `implementation:` names (by their header), with the target each was written for. */
function generatedImplementations(unit: DeploymentUnit, path: string): { path: string; target: GenerateTarget }[] {
  const dir = dirname(path);
  const out: { path: string; target: GenerateTarget }[] = [];
  for (const ref of unit.spec.implementation ?? []) {
    if (/[*?[{]/.test(ref)) continue;
    const file = resolve(dir, ref);
    if (!implementationNames(unit, pathToFileURL(file).href)) continue;
    const target = generatedTarget(currentText(file) ?? '');
    if (target) out.push({ path: file, target });
  }
  return out;
}

export interface GenerationPlan {
  target: GenerateTarget;
  /** The generated file, then the manifest (with its `implementation:` link). */
  files: PlannedFile[];
}

/**
 * What generate writes for a manifest: `<out>/<name>.yaml` (default `k8s/` or `kserve/` beside the manifest, or
 * where a generated file it already names lives) and the manifest with that file in `implementation:`. Without a
 * target, the target of the generated file the manifest names, else kubernetes.
 */
export function planGeneration(o: { manifestPath: string; manifestText?: string; target?: GenerateTarget; out?: string }): GenerationPlan {
  const text = o.manifestText ?? readFileSync(o.manifestPath, 'utf8');
  const unit = manifestUnit(o.manifestPath, text);
  const manifestDir = dirname(o.manifestPath);
  const existing = generatedImplementations(unit, o.manifestPath).find((g) => !o.target || g.target === o.target);
  const target = o.target ?? existing?.target ?? 'kubernetes';
  const outFile = o.out !== undefined ? resolve(o.out, `${unit.name}.yaml`) : (existing?.path ?? resolve(manifestDir, target === 'kserve' ? 'kserve' : 'k8s', `${unit.name}.yaml`));
  const ref = posixRelative(manifestDir, outFile);
  const generated = generateManifests(unit.spec, { target, manifestRef: posixRelative(dirname(outFile), o.manifestPath) });
  const manifest = withImplementation(text, ref.startsWith('.') ? ref : `./${ref}`);
  return {
    target,
    files: [
      { path: outFile, text: generated, current: currentText(outFile) },
      { path: o.manifestPath, text: manifest, current: o.manifestText ?? text },
    ],
  };
}

/** The generated files a manifest names that differ from what generate would write now (for the code lens). */
export function staleImplementations(manifestPath: string, manifestText: string): { target: GenerateTarget; paths: string[] }[] {
  let unit: DeploymentUnit;
  try {
    unit = manifestUnit(manifestPath, manifestText);
  } catch {
    return [];
  }
  const stale: { target: GenerateTarget; paths: string[] }[] = [];
  for (const g of generatedImplementations(unit, manifestPath)) {
    try {
      const plan = planGeneration({ manifestPath, manifestText, target: g.target });
      if (plan.files[0].text !== plan.files[0].current) stale.push({ target: g.target, paths: [g.path] });
    } catch (e) {
      if (!(e instanceof GenerateError)) throw e;
    }
  }
  return stale;
}

/** What import writes: `<outDir>/<name>.modelready.yaml` for each model server in the files. */
export function planImport(files: readonly { path: string; text: string }[], outDir: string): PlannedFile[] {
  const analyses = files.map((f) => analyzeFile(pathToFileURL(f.path).href, f.text));
  const reference = (uri: string): string => {
    const rel = posixRelative(outDir, fileURLToPath(uri));
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  return importManifests(analyses, reference).map((m) => {
    const path = resolve(outDir, `${m.name}.modelready.yaml`);
    return { path, text: m.text, current: currentText(path) };
  });
}
