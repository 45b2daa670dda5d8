import type { DeploymentUnit } from '../../facts/model';
import { insertKeys, replaceValue } from '../../fix/edits';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName } from '../../runtime';
import { relatedAt } from '../support/workload';
import { replaceNumber, sourceOf } from '../support/kube';
import { count, LLM_RUNTIMES } from '../support/values';

/** Tasks whose answers are generated tokens, so an output-token limit applies. */
const TOKEN_OUTPUT_TASKS = new Set(['text-generation', 'chat', 'vision-language', 'speech-to-text']);

type LimitKey = 'requestTimeoutSeconds' | 'maxInputTokens' | 'maxOutputTokens' | 'requestsPerMinute';

const WHY: Record<LimitKey, string> = {
  requestTimeoutSeconds: 'a request timeout (`requestTimeoutSeconds`)',
  maxInputTokens: 'an input-token limit (`maxInputTokens`)',
  maxOutputTokens: 'an output-token limit (`maxOutputTokens`)',
  requestsPerMinute: 'a rate limit (`requestsPerMinute` or `tokensPerMinute`)',
};

export default defineRule({
  meta: {
    id: 'integration/request-limits',
    area: 'integration',
    severity: 'warning',
    description: 'A request timeout, input and output token limits and a rate limit are stated, and the token limits fit in the context window.',
    rationale:
      'OWASP Top 10 for LLM Applications 2025, LLM10 "Unbounded Consumption" (https://genai.owasp.org/llmrisk/llm102025-unbounded-consumption/): without input, output and rate limits one client\'s long prompts or runaway generations hold the GPUs and starve everyone else. OWASP API Security Top 10 2023, API4 "Unrestricted Resource Consumption".',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    if (unit.format !== 'modeldeployment') {
      if (unit.isModelServer) checkKube(unit, report);
      return;
    }
    const spec = unit.spec;
    const limits = spec.serving?.limits;
    const task = spec.model?.task;
    const runtime = spec.serving?.runtime;
    const outputApplies =
      typeof task === 'string' && task !== 'other' ? TOKEN_OUTPUT_TASKS.has(task) : typeof runtime !== 'string' || LLM_RUNTIMES.has(runtime);
    const context = count(spec.model?.contextLength);
    const maxIn = count(limits?.maxInputTokens);
    const maxOut = count(limits?.maxOutputTokens);

    const missing: LimitKey[] = [];
    if (limits?.requestTimeoutSeconds === undefined) missing.push('requestTimeoutSeconds');
    if (maxIn === undefined) missing.push('maxInputTokens');
    if (outputApplies && maxOut === undefined) missing.push('maxOutputTokens');
    if (limits?.requestsPerMinute === undefined && limits?.tokensPerMinute === undefined) missing.push('requestsPerMinute');

    if (missing.length > 0) {
      const out = maxOut ?? 1024;
      const defaults: Record<LimitKey, string> = {
        requestTimeoutSeconds: '${1:120}',
        maxInputTokens: `\${2:${context && context > out ? Math.min(context - out, 8192) : 4096}}`,
        maxOutputTokens: `\${3:${context && maxIn !== undefined && context > maxIn ? Math.min(context - maxIn, 1024) : 1024}}`,
        requestsPerMinute: '${4:600}',
      };
      const list = missing.map((k) => WHY[k]);
      const text = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0];
      report({
        at: `serving.limits.${missing[0]}`,
        message: `\`serving.limits\` lacks ${text}: without them one client's long prompts or runaway generations hold the GPUs and starve everyone else, and the gateway cannot tell a slow answer from a hung one.`,
        fixes: [{ title: 'Add the missing request limits', edits: insertKeys(unit.doc, ['serving', 'limits'], missing.map((k) => [k, defaults[k]] as const)), isPreferred: true, snippet: true }],
      });
    }

    if (context === undefined || maxIn === undefined) return;
    const total = maxIn + (maxOut ?? 0);
    if (total <= context) return;
    const fitted = context - (maxOut ?? 0);
    report({
      at: 'serving.limits.maxInputTokens',
      message:
        maxOut !== undefined
          ? `\`maxInputTokens\` (${maxIn}) + \`maxOutputTokens\` (${maxOut}) = ${total} exceeds the model's context length (\`model.contextLength\`, ${context}): requests near the limits are rejected by the server or cut short. Lower the limits so they fit.`
          : `\`maxInputTokens\` (${maxIn}) exceeds the model's context length (\`model.contextLength\`, ${context}): such requests are rejected by the server. Lower the limit.`,
      related: [relatedAt(unit, 'model.contextLength', 'the context length of the model')],
      fixes: fitted >= 1 ? [{ title: `Set maxInputTokens to ${fitted}`, edits: replaceValue(unit.doc, ['serving', 'limits', 'maxInputTokens'], String(fitted)), isPreferred: true }] : [],
    });
  },
});

/**
 * Kubernetes-family servers: timeouts and rate limits live in gateways and Ingress controllers ModelReady does not
 * see, so only the limits the server's own flags state are judged: the input limit must leave room in the context.
 */
function checkKube(unit: DeploymentUnit, report: (r: Report) => void): void {
  const context = count(unit.spec.model?.contextLength);
  const maxIn = count(unit.spec.serving?.limits?.maxInputTokens);
  if (context === undefined || maxIn === undefined || maxIn < context) return;
  const server = runtimeName(unit.spec.serving?.runtime);
  const fitted = context - 1;
  const edits = fitted >= 1 ? replaceNumber(unit.doc, sourceOf(unit, 'serving.limits.maxInputTokens'), ['--max-input-tokens', '--max-input-length'], fitted) : [];
  report({
    at: 'serving.limits.maxInputTokens',
    message: `The input-token limit (${maxIn}) is not below the context length (${context}): ${server} needs room for at least one generated token, and refuses to start (TGI: max_input_tokens must be < max_total_tokens) or rejects such requests. Lower the input limit.`,
    related: [relatedAt(unit, 'model.contextLength', 'the context length')],
    fixes: edits.length ? [{ title: `Set the input-token limit to ${fitted}`, edits, isPreferred: true }] : [],
  });
}
