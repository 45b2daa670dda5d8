import type { Config } from '../engine/config/config';
import { withOverlayFindings } from '../engine/kustomize/overlay';
import { checkOverlays, kustomizeTool } from '../node/kustomize-build';
import type { Io } from './main';
import type { FileResult, InputFile } from './pipeline';
import { environment } from './pipeline';

/**
 * `--kustomize kubectl|kustomize|PATH` (or `kustomize:` in the configuration): the overlays among the checked
 * kustomizations are built with that tool and the findings on what they build join the findings of the files that
 * set the values (node/kustomize-build.ts). Without a tool named, nothing is built and nothing is guessed.
 */
export async function addOverlayFindings(toolName: string | undefined, inputs: readonly InputFile[], configs: readonly Config[], results: FileResult[], io: Io): Promise<void> {
  const tool = kustomizeTool(toolName);
  if (!tool) return;
  const byUri = new Map(results.map((r) => [r.uri, r]));
  const files = inputs.filter((i) => !i.stdin);
  const configOf = new Map(files.map((i) => [i.path, configs[i.config]]));
  const check = await checkOverlays({
    tool,
    kustomizations: files.map((i) => i.path),
    own: (uri) => byUri.get(uri)?.findings,
    configFor: (path) => configOf.get(path) ?? configs[0],
    env: environment(),
  });
  if (check.missingTool) io.stderr.write(`modelready: --kustomize: ${check.missingTool}; no overlay was built\n`);
  for (const f of check.findings) {
    const r = byUri.get(f.uri);
    if (r) r.findings = withOverlayFindings(r.findings, [f]);
  }
}
