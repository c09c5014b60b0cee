// Fake LLM provider for tests: speaks the three wire formats TalkPress supports, as documented by the
// providers (OpenAI Chat Completions, Anthropic Messages, Google Gemini generateContent), streamed and
// not, with CORS behaving like the real services. No dependencies.
//
// Index: routes · CORS · auth · content generation (from the prompt; JSON that follows the request's
// schema) · wire formats (SSE per provider, whole responses) · error bodies per provider · faults.
//
// Base URLs: http://127.0.0.1:PORT/openai/v1, http://127.0.0.1:PORT/anthropic, http://127.0.0.1:PORT/gemini,
// and the model personalities of personalities.mjs (DeepSeek, Groq, Mistral, vLLM, LM Studio, Ollama…).
// Faults are queued per test with fake.fault({...}); each generation request takes the next one.
import http from 'node:http';
import { PERSONALITIES, handlePersonality } from './personalities.mjs';
import { faithfulAnswer } from './faithful_model.mjs';   // TalkPress's own requests answered as a good model would

const ALLOWED_HEADERS = {
  // What each service accepts in a browser preflight. SDK extras (x-stainless-*, openai-beta) are not
  // in the lists, as on the real services where they break CORS.
  openai: ['authorization', 'content-type', 'openai-organization', 'openai-project', 'http-referer', 'x-title'],
  anthropic: ['x-api-key', 'anthropic-version', 'content-type', 'anthropic-dangerous-direct-browser-access', 'anthropic-beta'],
  gemini: ['x-goog-api-key', 'content-type', 'x-goog-api-client'],
};
export const GOOD_KEY = 'test-key';

// ---------------------------------------------------------------------------------------------- content

// Sentences a plausible answer can draw on: transcript lines in the prompt ("[T12] Name: text") first;
// else the written material that cites turns (finished sections: paragraphs with [T12] markers), as a
// model draws its answer from the material and not from the instructions ("- highlights: exactly 4 …").
function sourceSentences(prompt) {
  const turns = [];
  for (const line of prompt.split('\n')) {
    // The first ": " (or "：") after the id ends the speaker (and time, when given): "[T1] Maya Chen: text".
    const m = line.match(/^\[T(\d+)\][^\n]*?(?:: |：)\s*(.+)$/);
    if (m) turns.push({ id: Number(m[1]), text: m[2] });
  }
  const material = prompt.split('\n').filter((l) => /\[T\d+/.test(l) && !/^\s*- /.test(l)).join('\n');
  const text = turns.length ? turns.map((t) => t.text).join(' ') : material || prompt;
  const sentences = text.match(/[^.!?。！？]+[.!?。！？]+/g) || [text];
  return { turns, sentences: sentences.map((s) => s.trim()).filter((s) => s.length > 2) };
}

function freeText(prompt, maxTokens) {
  const { sentences } = sourceSentences(prompt);
  const n = Math.max(1, Math.min(sentences.length, Math.floor((maxTokens || 400) / 40), 12));
  const paras = [];
  for (let i = 0; i < n; i += 3) paras.push(sentences.slice(i, i + 3).join(' '));
  return paras.join('\n\n') || 'No content.';
}

// A value that conforms to a JSON Schema (the subset providers accept for structured output), drawn
// from the prompt: strings are sentences of the transcript lines given; integers named like turn ids
// are turn ids of those lines in order (never going back, so ranges stay ordered); an object with a
// turn id and a text holds that turn's own words (dialogue, quotes), and one with words or a text chosen
// from a turn (a quotation, a note with its turn ranges) holds that turn's first sentence.
function fromSchema(schema, ctx, key = '') {
  if (!schema || typeof schema !== 'object') return null;
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = schema.properties || {};
      const turnKey = Object.keys(props).find((k) => /turn/i.test(k) && props[k].type === 'integer');
      if (turnKey && props.text && ctx.turns.length) {
        const t = ctx.turns[Math.min(ctx.turnPick++, ctx.turns.length - 1)];
        const out = {};
        for (const [k, sub] of Object.entries(props)) out[k] = k === turnKey ? t.id : k === 'text' ? t.text : fromSchema(sub, ctx, k);
        return out;
      }
      // Words chosen from one turn (a quotation: turn id and words; a note: text and the turn ranges it
      // comes from) are that turn's first sentence, and name that turn.
      const rangeKey = Object.keys(props).find((k) => /turn/i.test(k) && props[k].type === 'array' && props[k].items?.properties?.first_turn);
      const wordsKey = turnKey && props.words ? 'words' : rangeKey && props.text ? 'text' : null;
      if (wordsKey && ctx.turns.length) {
        const t = ctx.turns[Math.min(ctx.turnPick++, ctx.turns.length - 1)];
        const first = (t.text.match(/[^.!?。！？]+[.!?。！？]+/) || [t.text])[0].trim();
        const out = {};
        for (const [k, sub] of Object.entries(props))
          out[k] = k === turnKey ? t.id : k === rangeKey ? [{ first_turn: t.id, last_turn: t.id }] : k === wordsKey ? first : fromSchema(sub, ctx, k);
        return out;
      }
      const out = {};
      for (const [k, sub] of Object.entries(props)) out[k] = fromSchema(sub, ctx, k);
      return out;
    }
    case 'array': {
      const min = schema.minItems ?? 0, max = schema.maxItems ?? Math.max(min, 3);
      const n = Math.max(min, Math.min(max, 3));
      return Array.from({ length: n }, () => fromSchema(schema.items, ctx, key));
    }
    case 'integer': case 'number': {
      if (/turn|id/i.test(key) && ctx.turns.length) return ctx.turns[Math.min(ctx.turnNext++, ctx.turns.length - 1)].id;
      return schema.minimum ?? 1;
    }
    case 'boolean': return true;
    case 'string': default: {
      const s = ctx.sentences.length ? ctx.sentences[(ctx.next++) % ctx.sentences.length] : 'text';
      return schema.maxLength ? s.slice(0, schema.maxLength) : s;
    }
  }
}

function jsonFromPrompt(text) {
  const m = text.match(/JSON Schema:\n(\{.*\})\n/);
  try { return m ? JSON.parse(m[1]) : null; } catch { return null; }
}

function schemaAnswer(schema, prompt) {
  const ctx = { ...sourceSentences(prompt), next: 0, turnNext: 0, turnPick: 0 };
  return JSON.stringify(fromSchema(schema, ctx));
}

// ---------------------------------------------------------------------------------------------- requests

function readRequest(provider, path, body) {
  // Normalises each wire format to {model, system, prompt, schema, stream, maxTokens}.
  if (provider === 'openai') {
    const msgs = body.messages || [];
    return {
      model: body.model, stream: !!body.stream, includeUsage: !!body.stream_options?.include_usage,
      system: msgs.filter((m) => m.role === 'system').map((m) => m.content).join('\n'),
      prompt: msgs.filter((m) => m.role === 'user').map((m) => m.content).join('\n'),
      // json_object: the schema the prompt describes ("…JSON Schema:\n{…}\n"), as a model reads it.
      schema: body.response_format?.json_schema?.schema ||
        (body.response_format?.type === 'json_object' ? jsonFromPrompt(msgs.filter((m) => m.role === 'system').map((m) => m.content).join('\n')) : null),
      maxTokens: body.max_completion_tokens ?? body.max_tokens,
    };
  }
  if (provider === 'anthropic') {
    const user = (body.messages || []).filter((m) => m.role === 'user')
      .map((m) => (typeof m.content === 'string' ? m.content : (m.content || []).map((c) => c.text || '').join(''))).join('\n');
    const tool = body.tool_choice?.type === 'tool' ? (body.tools || []).find((t) => t.name === body.tool_choice.name) : null;
    return { model: body.model, stream: !!body.stream, system: body.system || '', prompt: user,
             schema: tool?.input_schema || body.output_config?.format?.schema || null, tool: tool?.name, maxTokens: body.max_tokens };
  }
  const m = path.match(/\/models\/([^:]+):(streamGenerateContent|generateContent)/);
  return {
    model: m && decodeURIComponent(m[1]), stream: m && m[2] === 'streamGenerateContent',
    system: (body.systemInstruction?.parts || []).map((p) => p.text).join('\n'),
    prompt: (body.contents || []).flatMap((c) => c.parts || []).map((p) => p.text || '').join('\n'),
    schema: body.generationConfig?.responseJsonSchema || body.generationConfig?.responseSchema || null,
    maxTokens: body.generationConfig?.maxOutputTokens,
  };
}

// ---------------------------------------------------------------------------------------------- errors

// Error bodies exactly in each provider's documented shape.
function errorBody(provider, status, kind) {
  const msgs = {
    401: 'Incorrect API key provided: test-***. You can find your API key at https://platform.openai.com/account/api-keys.',
    402: 'Insufficient credits. Add more using https://openrouter.ai/credits',
    403: 'Country, region, or territory not supported',
    404: 'The model `nope` does not exist or you do not have access to it.',
    429: 'Rate limit reached for requests. Please try again in 1s.',
    400: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9001 tokens.",
    500: 'The server had an error while processing your request.',
    503: 'The model is overloaded. Please try again later.',
    529: 'Overloaded',
  };
  if (provider === 'openai') {
    const codes = { 401: 'invalid_api_key', 403: 'unsupported_country_region_territory', 404: 'model_not_found',
      429: kind === 'quota' ? 'insufficient_quota' : 'rate_limit_exceeded', 400: 'context_length_exceeded', 402: 402 };
    const message = kind === 'quota' ? 'You exceeded your current quota, please check your plan and billing details.' : msgs[status] || 'Error';
    return { error: { message, type: kind === 'quota' ? 'insufficient_quota' : status >= 500 ? 'server_error' : 'invalid_request_error',
                      param: null, code: codes[status] ?? null } };
  }
  if (provider === 'anthropic') {
    const types = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error',
      429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error', 413: 'request_too_large' };
    const message = status === 400 ? 'prompt is too long: 210000 tokens > 200000 maximum' : status === 401 ? 'invalid x-api-key' : msgs[status] || 'Error';
    return { type: 'error', error: { type: types[status] || 'api_error', message }, request_id: 'req_fake' };
  }
  const statuses = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
  if (status === 401 || kind === 'badkey') {
    return { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }] } };
  }
  const e = { code: status, message: status === 429 ? 'Quota exceeded for metric: generate_content_free_tier_requests. Please retry in 1.2s.' : msgs[status] || 'Error', status: statuses[status] || 'INTERNAL' };
  if (status === 429) e.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }];
  return { error: e };
}

// ---------------------------------------------------------------------------------------------- streams

function pieces(text, size = 12) {
  const chars = Array.from(text), out = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

// Events (strings to write) for one answer in each provider's streaming format.
function streamEvents(provider, req, text, opts) {
  const usage = { input: Math.ceil(req.prompt.length / 4), output: Math.ceil(text.length / 4) };
  const parts = pieces(text);
  const ev = [];
  if (provider === 'openai') {
    const chunk = (delta, finish = null, extra = {}) => `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk',
      created: 1722610517, model: req.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`;
    ev.push(chunk({ role: 'assistant', content: '' }));
    if (opts.refusal) ev.push(chunk({ refusal: "I'm sorry, I can't help with that." }));
    else for (const p of parts) ev.push(chunk({ content: p }));
    // Finish reasons of OpenAI-compatible services beyond OpenAI's own (GLM "sensitive", DeepSeek
    // "insufficient_system_resource"), and OpenRouter's upstream error inside the choice.
    if (opts.choiceError) ev.push(`data: ${JSON.stringify({ id: 'gen-fake', object: 'chat.completion.chunk', created: 1722610517, model: req.model,
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error', error: opts.choiceError }] })}\n\n`);
    else ev.push(chunk({}, opts.finishReason ?? (opts.length ? 'length' : 'stop')));
    if (req.includeUsage) ev.push(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } })}\n\n`);
    if (!opts.noTerminator) ev.push('data: [DONE]\n\n');
    return ev;
  }
  if (provider === 'anthropic') {
    const e = (name, data) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    ev.push(e('message_start', { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', content: [],
      model: req.model, stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } } }));
    ev.push(e('content_block_start', { type: 'content_block_start', index: 0, content_block: req.tool
      ? { type: 'tool_use', id: 'toolu_fake', name: req.tool, input: {} } : { type: 'text', text: '' } }));
    ev.push(e('ping', { type: 'ping' }));
    if (!opts.refusal) for (const p of parts) {
      ev.push(e('content_block_delta', { type: 'content_block_delta', index: 0, delta: req.tool
        ? { type: 'input_json_delta', partial_json: p } : { type: 'text_delta', text: p } }));
    }
    ev.push(e('content_block_stop', { type: 'content_block_stop', index: 0 }));
    ev.push(e('message_delta', { type: 'message_delta', delta: { stop_reason: opts.refusal ? 'refusal' : opts.length ? 'max_tokens' : req.tool ? 'tool_use' : 'end_turn',
      stop_sequence: null }, usage: { output_tokens: usage.output } }));
    if (!opts.noTerminator) ev.push(e('message_stop', { type: 'message_stop' }));
    return ev;
  }
  const frame = (textPart, finish) => {
    const c = { content: { parts: [{ text: textPart }], role: 'model' } };
    if (finish) c.finishReason = finish;
    const f = { candidates: [c], usageMetadata: { promptTokenCount: usage.input, totalTokenCount: usage.input }, modelVersion: req.model };
    if (finish) f.usageMetadata = { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output };
    return `data: ${JSON.stringify(f)}\r\n\r\n`;
  };
  if (opts.refusal) { ev.push(`data: ${JSON.stringify({ candidates: [{ finishReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH' }] }] })}\r\n\r\n`); return ev; }
  for (const p of parts) ev.push(frame(p));
  if (!opts.noTerminator) ev.push(frame('', opts.length ? 'MAX_TOKENS' : 'STOP'));   // Gemini: the finishReason frame is the end
  return ev;
}

function streamErrorEvent(provider) {
  if (provider === 'openai') return `data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } })}\n\n`;
  if (provider === 'anthropic') return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`;
  return `data: ${JSON.stringify({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } })}\r\n\r\n`;
}

function wholeResponse(provider, req, text, opts) {
  const u = { input: Math.ceil(req.prompt.length / 4), output: Math.ceil(text.length / 4) };
  if (provider === 'openai') return { id: 'chatcmpl-fake', object: 'chat.completion', model: req.model,
    choices: [{ index: 0, message: { role: 'assistant', content: opts.refusal ? null : text, refusal: opts.refusal ? "I can't help with that." : null },
                finish_reason: opts.length ? 'length' : 'stop' }],
    usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output } };
  if (provider === 'anthropic') return { id: 'msg_fake', type: 'message', role: 'assistant', model: req.model,
    content: req.tool ? [{ type: 'tool_use', id: 'toolu_fake', name: req.tool, input: JSON.parse(text) }] : [{ type: 'text', text }],
    stop_reason: opts.refusal ? 'refusal' : opts.length ? 'max_tokens' : 'end_turn', usage: { input_tokens: u.input, output_tokens: u.output } };
  return { candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: opts.refusal ? 'SAFETY' : opts.length ? 'MAX_TOKENS' : 'STOP' }],
           usageMetadata: { promptTokenCount: u.input, candidatesTokenCount: u.output, totalTokenCount: u.input + u.output } };
}

const MODELS = {
  openai: { object: 'list', data: [{ id: 'fake-gpt', object: 'model', created: 1, owned_by: 'fake' }, { id: 'fake-gpt-mini', object: 'model', created: 1, owned_by: 'fake' }] },
  anthropic: { data: [{ id: 'fake-claude', display_name: 'Fake Claude', type: 'model', created_at: '2025-01-01T00:00:00Z' }], has_more: false, first_id: 'fake-claude', last_id: 'fake-claude' },
  gemini: { models: [{ name: 'models/fake-gemini', displayName: 'Fake Gemini', inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] },
                     { name: 'models/fake-embedding', displayName: 'Embedding', supportedGenerationMethods: ['embedContent'] }] },
};

// ---------------------------------------------------------------------------------------------- fault matrix
// Faults the end-to-end fault matrix needs beyond the queue above (tests/e2e/fault_matrix.test.mjs):
//  - {type:'http', status, expose: true|false}: Retry-After readable by the page or not, whatever the
//    provider's usual CORS exposure (browsers hide every header not in Access-Control-Expose-Headers);
//  - {type:'http', status, hint: false}: the provider's error body without any retry hint in it;
//  - {type:'http', status, hintSec: n}: the provider's error body with its retry hint set to n seconds
//    (OpenAI's "try again in ns", Gemini's RetryInfo; Anthropic writes none);
//  - {type:'empty'}: a well-formed answer with no content; {type:'badJson'}: JSON cut in the middle;
//  - state.rule = (normalizedRequest) => fault | null: a fault for every request that matches, used
//    when the queue has none for it (e.g. "every section stops at the length limit").
//  - {type:'http', status: 429, kind: 'quota'} on Anthropic and Gemini: their own out-of-credit answers
//    (Anthropic: 400 "credit balance is too low"; Gemini: 429 RESOURCE_EXHAUSTED naming the quota and billing).
function sendMatrixError(fault, provider, res, cors) {
  if (fault.type === 'http' && fault.kind === 'quota' && provider !== 'openai') {
    const body = provider === 'anthropic'
      ? { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' }, request_id: 'req_fake' }
      : { error: { code: 429, message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', status: 'RESOURCE_EXHAUSTED' } };
    res.writeHead(provider === 'anthropic' ? 400 : 429, { ...cors, 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return true;
  }
  if (fault.type !== 'http' || (fault.expose === undefined && fault.hint === undefined && fault.hintSec === undefined)) return false;
  const headers = { ...cors, 'content-type': 'application/json' };
  delete headers['access-control-expose-headers'];
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.expose) headers['access-control-expose-headers'] = 'retry-after';
  const body = errorBody(provider, fault.status, fault.kind);
  if (fault.hintSec !== undefined) {   // the body's own retry hint, where the provider writes one
    if (provider === 'openai') body.error.message = `Rate limit reached for requests. Please try again in ${fault.hintSec}s.`;
    if (provider === 'gemini') {
      body.error.message = `Quota exceeded for metric: generate_content_free_tier_requests. Please retry in ${fault.hintSec}s.`;
      body.error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${fault.hintSec}s` }];
    }
  }
  if (fault.hint === false) {
    const e = body.error;
    e.message = provider === 'anthropic' ? 'Number of request tokens has exceeded your per-minute rate limit.' : 'Too many requests.';
    delete e.details;
  }
  res.writeHead(fault.status, headers);
  res.end(JSON.stringify(body));
  return true;
}

function matrixAnswer(fault) {
  if (fault.type === 'empty') return '';
  if (fault.type === 'badJson') return '{"title": "Signal and noise", "sections": [{"heading": "Why speed';
  return null;
}

// ---------------------------------------------------------------------------------------------- server

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startFakeProvider({ port = 0, latencyMs = 0, tokenIntervalMs = 2 } = {}) {
  const faults = [];
  const requests = [];
  const state = { latencyMs, tokenIntervalMs, inFlight: 0, maxInFlight: 0, responder: null };
  // The next queued fault for this request (one queued for another provider waits), else the standing rule's.
  const takeFault = (provider, r) => (faults.length && (!faults[0].provider || faults[0].provider === provider) ? faults.shift() : (state.rule?.(r) || {}));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const provider = url.pathname.split('/')[1];
    if (PERSONALITIES[provider]) {
      const p = PERSONALITIES[provider];
      if (req.method === 'OPTIONS') {
        res.writeHead(204, p.noCors ? {} : { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' });
        res.end();
        return;
      }
      let raw = '';
      for await (const chunk of req) raw += chunk;
      let body = {};
      try { body = raw ? JSON.parse(raw) : {}; } catch { body = {}; }
      await handlePersonality(provider, req, res, url, body, { requests, state, GOOD_KEY, schemaAnswer, freeText, takeFault, matrixAnswer });
      return;
    }
    if (!ALLOWED_HEADERS[provider]) {
      // A path no provider here serves (a wrong base URL), answered the way OpenAI's API answers one: the
      // preflight passes, the request gets a JSON 404 "Invalid URL", both with CORS headers, so the page
      // can read it (a server without CORS is the "CORS refusal" and "server down" cases).
      const cors = { 'access-control-allow-origin': '*' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': req.headers['access-control-request-headers'] || 'content-type', 'access-control-max-age': '600' });
        res.end();
        return;
      }
      requests.push({ provider: null, method: req.method, path: url.pathname, t: Date.now() });
      res.writeHead(404, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Invalid URL (${req.method} ${url.pathname})`, type: 'invalid_request_error', param: null, code: null } }));
      return;
    }
    const origin = req.headers.origin;
    const cors = { 'access-control-allow-origin': '*' };
    if (provider === 'anthropic') cors['access-control-expose-headers'] = '*';

    if (req.method === 'OPTIONS') {
      const asked = (req.headers['access-control-request-headers'] || '').toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
      const allowed = ALLOWED_HEADERS[provider];
      // The real services answer with their fixed list; a browser then refuses any header not on it.
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': allowed.join(', '), 'access-control-max-age': '600' });
      res.end();
      requests.push({ provider, method: 'OPTIONS', path: url.pathname, askedHeaders: asked });
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let body = {};
    try { body = raw ? JSON.parse(raw) : {}; } catch { body = {}; }
    const entry = { provider, method: req.method, path: url.pathname + url.search, headers: req.headers, body, t: Date.now() };
    requests.push(entry);

    // Anthropic answers browser requests without CORS headers unless they opt in.
    if (provider === 'anthropic' && origin && req.headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error',
        message: "CORS requests must set 'anthropic-dangerous-direct-browser-access' header" } }));
      return;
    }
    const key = provider === 'openai' ? (req.headers.authorization || '').replace(/^Bearer\s+/i, '')
              : provider === 'anthropic' ? req.headers['x-api-key'] : req.headers['x-goog-api-key'];
    const sendError = (status, kind, headers = {}) => {
      res.writeHead(status === 401 && provider === 'gemini' ? 400 : status, { ...cors, 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(errorBody(provider, status, kind)));
    };
    if (key !== GOOD_KEY) { sendError(401, 'badkey'); return; }

    if (req.method === 'GET') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify(MODELS[provider]));
      return;
    }
    const r = readRequest(provider, url.pathname, body);
    entry.normalized = r;
    if (r.model === 'nope') { sendError(404); return; }
    const fault = takeFault(provider, r);
    entry.fault = fault.type || null;
    if (sendMatrixError(fault, provider, res, cors)) return;
    if (fault.type === 'http') {
      const headers = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      // A provider's own error body, as documented (GLM's string codes, OpenRouter's moderation 403, Groq's 413).
      if (fault.body) { res.writeHead(fault.status, { ...cors, ...headers, 'content-type': 'application/json' }); res.end(JSON.stringify(fault.body)); return; }
      if (fault.html) { res.writeHead(fault.status, { ...cors, 'content-type': 'text/html' }); res.end('<html><body><h1>502 Bad Gateway</h1></body></html>'); return; }
      sendError(fault.status, fault.kind, headers);
      return;
    }
    if (fault.type === 'corsBlock') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); return; }   // no ACAO

    state.inFlight++; state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => { state.inFlight--; });
    const text = matrixAnswer(fault) ?? (state.responder ? state.responder(r, entry) : faithfulAnswer(r) ?? (r.schema ? schemaAnswer(r.schema, r.prompt) : freeText(r.prompt, r.maxTokens)));
    entry.answer = text;
    const opts = { length: fault.type === 'length', refusal: fault.type === 'refusal', noTerminator: fault.type === 'noTerminator',
                   finishReason: fault.type === 'finishReason' ? fault.reason : undefined, choiceError: fault.type === 'finishReason' ? fault.choiceError : undefined };
    await sleep((fault.type === 'slowFirstByte' ? fault.ms : 0) + state.latencyMs);
    if (res.destroyed) return;
    if (!r.stream) {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify(wholeResponse(provider, r, text, opts)));
      return;
    }
    res.writeHead(200, { ...cors, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const events = streamEvents(provider, r, text, opts);
    let sent = 0;
    for (const ev of events) {
      if (res.destroyed) return;
      // The error arrives after some content (default: before the last two events), as providers do mid-answer.
      // `raw`: a server's own error bytes (llama.cpp's legacy "error:" field) instead of the provider's usual event.
      if (fault.type === 'streamError' && sent === (fault.afterEvents ?? Math.max(1, events.length - 2))) { res.end(fault.raw ?? streamErrorEvent(provider)); return; }
      // A drop mid-answer: what was written reaches the page first (destroying at once would discard it, and
      // look like a connection refused before any answer), then the stream ends without its last chunk.
      if (fault.type === 'cut' && sent === (fault.afterEvents ?? 2)) { await new Promise((r) => setTimeout(r, 50)); res.socket?.destroy(); return; }
      if (fault.type === 'stall' && sent === (fault.afterEvents ?? 2)) {
        const until = Date.now() + fault.ms;
        while (Date.now() < until && !res.destroyed) {
          await sleep(Math.min(fault.keepAliveMs || fault.ms, until - Date.now()));
          if (fault.keepAliveMs && !res.destroyed) res.write(provider === 'anthropic' ? 'event: ping\ndata: {"type": "ping"}\n\n' : ': keep-alive\n\n');
        }
      }
      if (fault.type === 'byteByByte') {
        // Every byte on its own write, so chunk boundaries fall inside UTF-8 characters and lines.
        const bytes = Buffer.from(ev, 'utf8');
        for (let i = 0; i < bytes.length; i++) { if (res.destroyed) return; res.write(bytes.subarray(i, i + 1)); await new Promise((r2) => setImmediate(r2)); }
      } else {
        res.write(ev);
      }
      sent++;
      if (state.tokenIntervalMs) await sleep(state.tokenIntervalMs);
    }
    res.end();
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    urls: { openai: `${base}/openai/v1`, anthropic: `${base}/anthropic`, gemini: `${base}/gemini`,
            ...Object.fromEntries(Object.entries(PERSONALITIES).map(([k, p]) => [k, base + p.prefix])) },
    requests, state,
    fault(f) { faults.push(f); },
    reset() { faults.length = 0; requests.length = 0; state.maxInFlight = 0; state.responder = null; state.emptied = {}; state.rule = null; },
    pendingFaults() { return faults.length; },
    close() { return new Promise((r) => { server.closeAllConnections?.(); server.close(r); }); },
  };
}

// `node tests/fake_provider/server.mjs [port]`: run it by hand (key: test-key).
if (import.meta.url === `file://${process.argv[1]}`) {
  startFakeProvider({ port: Number(process.argv[2] || 8787) }).then((f) => {
    console.log(`Fake provider on ${f.base}  (key "${GOOD_KEY}")\n  openai: ${f.urls.openai}\n  anthropic: ${f.urls.anthropic}\n  gemini: ${f.urls.gemini}`);
  });
}
