import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName } from '../../runtime';
import { fixesFor } from '../support/fixes';
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
    if (!unit.isModelServer) return;
    const spec = unit.spec;
    const limits = spec.serving?.limits;
    const task = spec.model?.task;
    const runtime = spec.serving?.runtime;
    const outputApplies =
      typeof task === 'string' && task !== 'other' ? TOKEN_OUTPUT_TASKS.has(task) : typeof runtime !== 'string' || LLM_RUNTIMES.has(runtime);
    const context = count(spec.model?.contextLength);
    const maxIn = count(limits?.maxInputTokens);
    const maxOut = count(limits?.maxOutputTokens);

    // Missing limits are judged where the unit states its intent (a native manifest); a workload's timeouts and rate
    // limits live in gateways and Ingress controllers ModelReady does not see.
    const missing: LimitKey[] = [];
    if (unit.declaration) {
      if (limits?.requestTimeoutSeconds === undefined) missing.push('requestTimeoutSeconds');
      if (maxIn === undefined) missing.push('maxInputTokens');
      if (outputApplies && maxOut === undefined) missing.push('maxOutputTokens');
      if (limits?.requestsPerMinute === undefined && limits?.tokensPerMinute === undefined) missing.push('requestsPerMinute');
    }

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
        message: `${unit.describe('serving.limits')} lacks ${text}: without them one client's long prompts or runaway generations hold the GPUs and starve everyone else, and the gateway cannot tell a slow answer from a hung one.`,
        fixes: fixesFor({ title: 'Add the missing request limits', edits: unit.plan.addKeys('serving.limits', missing.map((k) => [k, defaults[k]] as const)), isPreferred: true, snippet: true }),
      });
    }

    // The token limits must fit in the context window, leaving room for one generated token where the model generates.
    if (context === undefined || maxIn === undefined) return;
    const reserve = maxOut ?? (outputApplies ? 1 : 0);
    if (maxIn + reserve <= context) return;
    const fitted = context - reserve;
    const edits = fitted >= 1 ? replaceNumber(unit.doc, sourceOf(unit, 'serving.limits.maxInputTokens'), ['--max-input-tokens', '--max-input-length'], fitted) : [];
    report({
      at: 'serving.limits.maxInputTokens',
      message:
        maxOut !== undefined
          ? `The input-token limit (${maxIn}) plus the output-token limit (${maxOut}) = ${maxIn + maxOut} exceeds the model's context length (${context}): requests near the limits are rejected by the server or cut short. Lower the limits so they fit.`
          : reserve > 0
            ? `The input-token limit (${maxIn}) is not below the context length (${context}): ${runtimeName(typeof runtime === 'string' ? runtime : undefined)} needs room for at least one generated token, and refuses to start (TGI: max_input_tokens must be < max_total_tokens) or rejects such requests. Lower the input limit.`
            : `The input-token limit (${maxIn}) exceeds the model's context length (${context}): such requests are rejected by the server. Lower the limit.`,
      related: [relatedAt(unit, 'model.contextLength', 'the context length of the model')],
      fixes: edits.length ? [{ title: `Set the input-token limit to ${fitted}`, edits, isPreferred: true }] : [],
    });
  },
});
