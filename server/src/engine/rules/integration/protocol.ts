import { insertAtPath } from '../../fix/edits';
import type { Fix } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName, runtimeProtocol } from '../../runtime';

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
    const serving = unit.spec.serving;
    const protocol = serving?.protocol;
    const apiSpec = serving?.apiSpec;
    if (unit.format !== 'modeldeployment') {
      // A known runtime implies its protocol (KServe's predictors speak its v1 or v2 protocol); only a model server
      // whose runtime ModelReady does not know (a custom image, a custom Ray Serve application) must state it.
      const runtime = serving?.runtime;
      if (!unit.isModelServer || typeof protocol === 'string' || unit.format === 'kserve') return;
      if (typeof runtime === 'string' && (runtimeProtocol(runtime) || runtime === 'torchserve')) return;
      const annotations = unit.sourcePath('metadata.annotations');
      // A hint, not a warning: the manifest is not wrong, ModelReady only cannot tell its API (a custom Serve app, an image it does not know).
      report({
        severity: 'info',
        at: annotations && annotations[annotations.length - 1] === 'annotations' ? unit.doc.rangeAt(annotations, 'key') : 'metadata',
        message: `The API protocol of ${unit.kind} ${unit.name} is not stated, and ModelReady cannot infer it from ${typeof runtime === 'string' && runtime !== 'custom' ? `its runtime (${runtimeName(runtime)})` : 'its image'}: clients, gateways and load tests need to know whether it is an OpenAI-compatible, Open Inference (v2), gRPC or custom API. State it with the annotation \`modelready.dev/protocol\`.`,
        fixes: [{ title: 'Add the modelready.dev/protocol annotation', edits: insertAtPath(unit.doc, ['metadata', 'annotations', 'modelready.dev/protocol'], '${1:openai}'), snippet: true, isPreferred: true }],
      });
      return;
    }
    if (typeof protocol !== 'string') {
      const runtime = serving?.runtime;
      const inferred = typeof runtime === 'string' ? runtimeProtocol(runtime) : undefined;
      report({
        at: 'serving.protocol',
        message: `The API protocol is not stated (\`serving.protocol\`): clients, gateways and load tests need to know whether this is an OpenAI-compatible, Open Inference (v2), gRPC or custom API.${inferred ? ` ${runtimeName(runtime)} serves \`${inferred}\`.` : ''}`,
        fixes: [
          inferred
            ? { title: `Set serving.protocol to ${inferred}`, edits: insertAtPath(unit.doc, ['serving', 'protocol'], inferred), isPreferred: true }
            : { title: 'Add serving.protocol', edits: insertAtPath(unit.doc, ['serving', 'protocol'], '${1:openai}'), snippet: true },
        ],
      });
    } else if (protocol === 'custom' && typeof apiSpec !== 'string') {
      const fix: Fix = { title: 'Add serving.apiSpec', edits: insertAtPath(unit.doc, ['serving', 'apiSpec'], '${1:./api/openapi.yaml}'), snippet: true };
      report({
        at: 'serving.protocol',
        message: '`serving.protocol` is custom but no `serving.apiSpec` points at its OpenAPI document or .proto file: without a contract, clients and tests guess the request and response format. Add the path of the spec in the workspace.',
        fixes: [fix],
      });
    }
    if (typeof apiSpec === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(apiSpec) && workspace.fileExists(apiSpec, unit.uri) === false) {
      report({
        at: 'serving.apiSpec',
        message: `\`serving.apiSpec\` points at ${apiSpec}, which does not exist in the workspace: the API contract this deployment refers to is missing. Add the file or correct the path.`,
      });
    }
  },
});
