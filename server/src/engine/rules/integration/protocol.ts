import { filledByPlatform } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName, runtimeProtocol } from '../../runtime';
import { fixesFor } from '../support/fixes';

export default defineRule({
  meta: {
    id: 'integration/protocol',
    area: 'integration',
    severity: 'warning',
    description: 'The API protocol is stated; a custom protocol has an OpenAPI document or .proto file that exists in the workspace.',
    rationale:
      'Clients, gateways and load tests are written against a protocol: the OpenAI-compatible API (vLLM, TGI, NIM), the Open Inference Protocol v2 (KServe, Triton) or gRPC. A custom API without a machine-readable contract (OpenAPI, https://spec.openapis.org/oas/latest.html, or a .proto file) cannot be tested or integrated reliably.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (!unit.isModelServer) return;
    const serving = unit.spec.serving;
    const protocol = serving?.protocol;
    const apiSpec = serving?.apiSpec;
    const runtime = serving?.runtime;
    const fact = 'serving.protocol';
    if (typeof protocol !== 'string' && !filledByPlatform(unit, fact)) {
      const inferred = typeof runtime === 'string' ? runtimeProtocol(runtime) : undefined;
      if (unit.declaration) {
        // The manifest is the statement of its API: a protocol it leaves out is missing, even when the runtime implies it.
        report({
          at: fact,
          message: `The API protocol is not stated (${unit.describe(fact)}): clients, gateways and load tests need to know whether this is an OpenAI-compatible, Open Inference (v2), gRPC or custom API.${inferred ? ` ${runtimeName(runtime)} serves \`${inferred}\`.` : ''}`,
          fixes: fixesFor(
            inferred
              ? { title: `Set serving.protocol to ${inferred}`, edits: unit.plan.set(fact, inferred), isPreferred: true }
              : { title: 'Add serving.protocol', edits: unit.plan.set(fact, '${1:openai}'), snippet: true },
          ),
        });
      } else if (typeof runtime !== 'string' || (!inferred && runtime !== 'torchserve')) {
        // A workload's known runtime implies its protocol (the adapter states it); only a model server whose runtime
        // ModelReady does not know (a custom image, a custom Ray Serve application) leaves it unknown. A hint, not a
        // warning: the manifest is not wrong, ModelReady only cannot tell its API.
        report({
          severity: 'info',
          at: unit.where(fact),
          message: `The API protocol of ${unit.kind} ${unit.name} is not stated, and ModelReady cannot infer it from ${typeof runtime === 'string' && runtime !== 'custom' ? `its runtime (${runtimeName(runtime)})` : 'its image'}: clients, gateways and load tests need to know whether it is an OpenAI-compatible, Open Inference (v2), gRPC or custom API. State it with ${unit.describe(fact)}.`,
          fixes: fixesFor({ title: `State the protocol (${unit.describe(fact)})`, edits: unit.plan.set(fact, '${1:openai}'), snippet: true, isPreferred: true }),
        });
      }
    } else if (protocol === 'custom' && typeof apiSpec !== 'string' && unit.declaration) {
      // Only a manifest states `apiSpec` (no annotation does): elsewhere a missing one is unknown.
      report({
        at: fact,
        message: `${unit.describe(fact)} is custom but no ${unit.describe('serving.apiSpec')} points at its OpenAPI document or .proto file: without a contract, clients and tests guess the request and response format. Add the path of the spec in the workspace.`,
        fixes: fixesFor({ title: 'Add serving.apiSpec', edits: unit.plan.set('serving.apiSpec', '${1:./api/openapi.yaml}'), snippet: true }),
      });
    }
    if (typeof apiSpec === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(apiSpec) && workspace.fileExists(apiSpec, unit.uri) === false) {
      report({
        at: 'serving.apiSpec',
        message: `${unit.describe('serving.apiSpec')} points at ${apiSpec}, which does not exist in the workspace: the API contract this deployment refers to is missing. Add the file or correct the path.`,
      });
    }
  },
});
