import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { EXIT_OK, UsageError } from './errors';
import type { Command } from './main';

const USAGE = `Usage: modelready init [options]

Writes a starter .modelready.yaml (commented) in the current directory.

  --manifest               also write a starter ModelDeployment (<name>.modelready.yaml) that passes the
                           development profile; fill it in until it passes production
  --name NAME              the deployment's name (default: my-model)
  --force                  overwrite existing files`;

export const STARTER_CONFIG = `# ModelReady configuration: the nearest .modelready.yaml upward from a manifest applies to it.
# Reference: schemas/modelready-config.schema.json · rules: modelready rules

# development: schema, syntax and security errors only
# production:  every readiness rule at its default severity (default)
# regulated:   governance and monitoring rules become errors
profile: production

# Per-rule severity (error | warning | info | off), or [severity, options].
rules: {}
#  reliability/image-pinned: error
#  monitoring/drift: off

# Files not to check (globs relative to this file).
ignore:
  - "**/testdata/**"
#  - "charts/**/templates/**"

# Is the model used commercially? (governance/model-license flags non-commercial licences then.)
# commercialUse: true
`;

export function starterManifest(name: string): string {
  return `# A starter ModelDeployment: valid, and clean under the development profile.
# Run \`modelready check ${name}.modelready.yaml --profile production\` to see what production still needs.
apiVersion: modelready.dev/v1alpha1
kind: ModelDeployment
metadata:
  name: ${name}
  owner: ml-platform@example.com       # the accountable owner
model:
  uri: hf://org/model-name              # where the weights come from
  revision: "0000000000000000000000000000000000000000"   # pin a commit or digest, not a branch
  license: apache-2.0
architecture:
  target: cloud                         # on-prem | cloud | hybrid
serving:
  runtime: vllm
  image: vllm/vllm-openai:v0.8.5        # pin a version (better: a digest)
  protocol: openai
  port: 8000
  exposure: internal                    # internal | public
  auth: api-key
  security:
    runAsNonRoot: true
    allowPrivilegeEscalation: false
resources:
  accelerator: { type: nvidia-l4, count: 1 }
  cpu: "4"
  memory: 24Gi
scaling:
  minReplicas: 1
  maxReplicas: 2
reliability:
  probes:
    readiness: /health
    liveness: /health
    startupTimeoutSeconds: 900
governance:
  personalData:
    processed: false
`;
}

function writeNew(path: string, text: string, force: boolean, cwd: string): string {
  const shown = relative(cwd, path) || path;
  if (existsSync(path) && !force) throw new UsageError(`${shown} already exists; use --force to overwrite it`);
  try {
    writeFileSync(path, text, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot write ${shown}: ${(e as Error).message}`);
  }
  return shown;
}

export const initCommand: Command = {
  usage: USAGE,
  allowPositionals: false,
  options: { manifest: { type: 'boolean' }, name: { type: 'string' }, force: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const name = (values.name as string | undefined) ?? 'my-model';
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new UsageError(`--name must be a DNS label (lower-case letters, digits, '-'), not '${name}'`);
    const targets: [string, string][] = [[resolve(io.cwd, '.modelready.yaml'), STARTER_CONFIG]];
    if (values.manifest) targets.push([resolve(io.cwd, `${name}.modelready.yaml`), starterManifest(name)]);
    // Refuse before writing anything, so a refusal leaves no half-done init.
    if (!values.force) for (const [p] of targets) if (existsSync(p)) throw new UsageError(`${relative(io.cwd, p) || p} already exists; use --force to overwrite it`);
    for (const [p, text] of targets) io.stdout.write(`wrote ${writeNew(p, text, !!values.force, io.cwd)}\n`);
    return EXIT_OK;
  },
};
