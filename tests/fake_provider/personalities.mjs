// Model "personalities" for the fake provider: each route behaves like one real service or server as
// documented (see the project's provider research), quirks included, so the app is tested against
// what real models do rather than what we ask.
//
//   /deepseek/v1   json_object only (400 on json_schema, 400 without the word "json"), reasoning_content
//                  deltas first, thinking that eats max_tokens, one empty answer to the first JSON request
//   /groq/openai/v1  json_schema strict but 400 on minItems/maxItems; reasoning in `reasoning`
//   /mistral/v1    content as an array of parts with thinking parts; 422 on stream_options
//   /vllm/v1       <think>…</think> inside content (no reasoning parser)
//   /lmstudio/v1   json_schema only (400 on json_object); the opening <think> swallowed by the template
//   /fenced/v1     ignores response_format: JSON in ``` fences with prose around it, trailing commas
//   /ollama        native /api/chat NDJSON: message.thinking, `format`, and a prompt cut to num_ctx
//                  (default 2048) from the start, as Ollama does
//   /moonshot/v1   refuses browsers: answers without CORS headers
//
// The Ollama route also takes the fault matrix's queued faults (server.mjs), in Ollama's own shapes:
// errors as {"error": "…"}, a 503 "server busy" when its queue is full, a refused page origin as a bare
// 403 without CORS headers (OLLAMA_ORIGINS), an error line inside the NDJSON stream, no keep-alives.
import { Buffer } from 'node:buffer';

export const PERSONALITIES = {
  deepseek: { wire: 'openai', prefix: '/deepseek/v1', structured: 'json_object', reasoningField: 'reasoning_content', thinkingTokens: 1500, emptyOnce: true },
  groq: { wire: 'openai', prefix: '/groq/openai/v1', structured: 'json_schema', rejectKeywords: true, reasoningField: 'reasoning' },
  mistral: { wire: 'openai', prefix: '/mistral/v1', structured: 'json_schema', contentParts: true, noStreamOptions: true },
  vllm: { wire: 'openai', prefix: '/vllm/v1', structured: 'json_schema', thinkTags: 'open' },
  lmstudio: { wire: 'openai', prefix: '/lmstudio/v1', structured: 'json_schema_only', thinkTags: 'no-open' },
  fenced: { wire: 'openai', prefix: '/fenced/v1', structured: 'none', fenced: true },
  ollama: { wire: 'ollama', prefix: '/ollama', structured: 'format', thinking: true, defaultCtx: 2048, noKey: true },
  moonshot: { wire: 'openai', prefix: '/moonshot/v1', structured: 'json_object', noCors: true },
};

// Ollama's error texts (server/routes.go and the scheduler), by status.
const OLLAMA_ERRORS = {
  401: 'unauthorized',
  500: 'llama runner process has terminated: exit status 2',
  503: 'server busy, please try again.  maximum pending requests exceeded',
};

const THOUGHT = 'Let me work out what the transcript says and how to arrange it. ';

// The schema a model would follow: the API's, or the one the prompt describes ("…JSON Schema:\n{…}").
function promptSchema(text) {
  const m = text.match(/JSON Schema:\n(\{.*\})\n/);
  if (!m) return null;
  try { return JSON.parse(m[1]); } catch { return null; }
}

function openaiError(status, message, type = 'invalid_request_error') {
  return { status, body: { error: { message, type, param: null, code: null } } };
}

// A request the service refuses, as it words it; null if accepted.
function refusal(p, body) {
  const rf = body.response_format;
  const words = JSON.stringify(body.messages || []).toLowerCase();
  if (p.noStreamOptions && body.stream_options) return { status: 422, body: { object: 'error', message: 'stream_options: Extra inputs are not permitted', type: 'invalid_request_error' } };
  if (p.structured === 'json_object' && rf?.type === 'json_schema') return openaiError(400, 'This response_format type is unavailable now');
  if (p.structured === 'json_object' && rf?.type === 'json_object' && !words.includes('json'))
    return openaiError(400, "Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.");
  if (p.structured === 'json_schema_only' && rf?.type === 'json_object') return { status: 400, body: { error: "'response_format.type' must be 'json_schema' or 'text'" } };
  if (p.rejectKeywords && rf?.json_schema && /"(minItems|maxItems)"/.test(JSON.stringify(rf.json_schema.schema)))
    return openaiError(400, "Invalid JSON schema for response_format 'outline': 'minItems' is not supported.");
  return null;
}

// ---------------------------------------------------------------------------------------------- OpenAI wire

function openaiEvents(p, req, body, answer, reasoning, finish) {
  const chunk = (delta, fin = null) => `data: ${JSON.stringify({ id: 'chatcmpl-p', object: 'chat.completion.chunk', created: 1770000000,
    model: body.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: fin }] })}\n\n`;
  const ev = [chunk({ role: 'assistant', content: p.reasoningField ? null : '' })];
  const pieces = (t) => Array.from(t).reduce((a, ch, i) => { if (i % 16 === 0) a.push(''); a[a.length - 1] += ch; return a; }, []);
  if (reasoning) {
    if (p.reasoningField) for (const r of pieces(reasoning)) ev.push(chunk({ content: null, [p.reasoningField]: r }));
    else if (p.contentParts) ev.push(chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: reasoning }] }] }));
    else if (p.thinkTags) {
      const tagged = (p.thinkTags === 'open' ? '<think>\n' : '') + reasoning + '\n</think>\n\n';
      for (const r of pieces(tagged)) ev.push(chunk({ content: r }));
    }
  }
  for (const t of pieces(answer)) ev.push(chunk({ content: p.contentParts ? [{ type: 'text', text: t }] : t }));
  ev.push(chunk({}, finish));
  const out = Math.ceil((answer.length + reasoning.length) / 4);
  if (body.stream_options?.include_usage) ev.push(`data: ${JSON.stringify({ id: 'chatcmpl-p', choices: [],
    usage: { prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4), completion_tokens: out,
             completion_tokens_details: { reasoning_tokens: Math.ceil(reasoning.length / 4) } } })}\n\n`);
  ev.push('data: [DONE]\n\n');
  return ev;
}

// ---------------------------------------------------------------------------------------------- handler

// Handles a request on a personality route; `ctx` has the shared helpers of the server.
export async function handlePersonality(name, req, res, url, body, ctx) {
  const p = PERSONALITIES[name];
  const cors = p.noCors ? {} : { 'access-control-allow-origin': '*' };
  const send = (status, obj, headers = {}) => { res.writeHead(status, { ...cors, 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(obj)); };
  const path = url.pathname.slice(p.prefix.length);
  const entry = { provider: name, method: req.method, path: url.pathname, headers: req.headers, body, t: Date.now() };
  ctx.requests.push(entry);
  if (!p.noKey && (req.headers.authorization || '').replace(/^Bearer\s+/i, '') !== ctx.GOOD_KEY) {
    send(401, { error: { message: 'Authentication Fails (no such user)', type: 'authentication_error', code: 'invalid_api_key' } });
    return;
  }
  if (req.method === 'GET') {
    if (p.wire === 'ollama' && path === '/api/tags') return send(200, { models: [{ name: 'qwen3:8b', model: 'qwen3:8b', size: 5 }] });
    if (path === '/models') return send(200, { object: 'list', data: [{ id: `${name}-model`, object: 'model' }] });
    res.writeHead(404, { ...cors, 'content-type': 'text/plain' }); res.end('404 page not found'); return;
  }
  const okPath = p.wire === 'ollama' ? path === '/api/chat' : path === '/chat/completions';
  if (!okPath) { res.writeHead(404, { ...cors, 'content-type': 'text/html' }); res.end('<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>'); return; }

  const messages = body.messages || [];
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  let prompt = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  let systemSeen = system;
  if (p.wire === 'ollama') {
    // Ollama keeps the end of a prompt that does not fit num_ctx and drops the start, silently.
    const ctxTokens = body.options?.num_ctx || p.defaultCtx;
    const all = system + '\n' + prompt;
    if (Math.ceil(Buffer.byteLength(all) / 4) > ctxTokens) {
      entry.truncated = true;
      const kept = all.slice(all.length - ctxTokens * 3);
      systemSeen = '';
      prompt = kept;
    }
  } else {
    const refused = refusal(p, body);
    if (refused) { entry.refused = refused.body; send(refused.status, refused.body); return; }
  }
  const fault = p.wire === 'ollama' ? ctx.takeFault(name, { prompt }) : {};
  entry.fault = fault.type || null;
  if (p.wire === 'ollama') {
    if (body.model === 'nope') return send(404, { error: `model "${body.model}" not found, try pulling it first` });
    if (fault.type === 'corsBlock') { res.writeHead(403); res.end(); return; }   // an origin OLLAMA_ORIGINS does not list
    if (fault.type === 'http') {
      const headers = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter), ...(fault.expose ? { 'access-control-expose-headers': 'retry-after' } : {}) } : {};
      return send(fault.status, { error: OLLAMA_ERRORS[fault.status] || 'internal error' }, headers);
    }
  }
  const rf = body.response_format;
  // A model follows the schema its prompt spells out (counts included) over the API's stripped copy.
  const schema = p.wire === 'ollama' ? (promptSchema(systemSeen) || (typeof body.format === 'object' ? body.format : null))
    : p.structured === 'none' ? promptSchema(system) || rf?.json_schema?.schema   // follows the schema, ignores the format
    : promptSchema(system) || (rf?.type === 'json_schema' ? rf.json_schema.schema : null);
  let answer = schema ? ctx.schemaAnswer(schema, prompt) : ctx.freeText(prompt, body.max_tokens || body.max_completion_tokens);
  if (schema && p.fenced) answer = 'Here is the JSON you asked for:\n```json\n' + answer.replace(/\]$/, ',]').replace(/\}$/, ',}') + '\n```\nLet me know if you need any changes.';
  if (schema && p.emptyOnce && !ctx.state.emptied?.[name]) { ctx.state.emptied = { ...ctx.state.emptied, [name]: true }; answer = ''; }
  let reasoning = p.reasoningField || p.contentParts || p.thinkTags || p.thinking ? THOUGHT.repeat(6) : '';
  let finish = 'stop';
  const limit = body.max_completion_tokens ?? body.max_tokens ?? body.options?.num_predict;
  if (p.thinkingTokens) {
    // Thinking comes out of the same budget: a small max_tokens leaves nothing for the answer.
    reasoning = THOUGHT.repeat(Math.ceil((p.thinkingTokens * 4) / THOUGHT.length));
    if (limit && limit < p.thinkingTokens + Math.ceil(answer.length / 4)) { answer = ''; finish = 'length'; }
  }
  answer = ctx.matrixAnswer(fault) ?? answer;
  if (fault.type === 'length') finish = 'length';
  entry.answer = answer;
  entry.reasoning = reasoning;
  const wait = ctx.state.latencyMs + (fault.type === 'slowFirstByte' ? fault.ms : 0);
  if (wait) await new Promise((r) => setTimeout(r, wait));
  if (res.destroyed) return;

  if (p.wire === 'ollama') {
    if (body.stream === false) return send(200, { model: body.model, message: { role: 'assistant', content: answer, thinking: reasoning }, done: true, done_reason: 'stop', prompt_eval_count: 10, eval_count: 10 });
    res.writeHead(200, { ...cors, 'content-type': 'application/x-ndjson' });
    const line = (o) => JSON.stringify({ model: body.model, created_at: '2026-11-26T00:00:00Z', ...o }) + '\n';
    const lines = [];
    if (reasoning && body.think !== false) lines.push(line({ message: { role: 'assistant', content: '', thinking: reasoning }, done: false }));
    for (let i = 0; i < answer.length; i += 20) lines.push(line({ message: { role: 'assistant', content: answer.slice(i, i + 20) }, done: false }));
    if (fault.type !== 'noTerminator')
      lines.push(line({ message: { role: 'assistant', content: '' }, done: true, done_reason: finish,
                        prompt_eval_count: Math.ceil((systemSeen.length + prompt.length) / 4), eval_count: Math.ceil(answer.length / 4) }));
    for (let i = 0; i < lines.length; i++) {
      if (res.destroyed) return;
      if (fault.type === 'streamError' && i === (fault.afterEvents ?? Math.max(1, lines.length - 2))) {
        res.end(JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' }) + '\n');
        return;
      }
      // A drop mid-answer: what was written reaches the page first (destroying at once would discard it, and
      // look like a connection refused before any answer), then the stream ends without its last chunk.
      if (fault.type === 'cut' && i === (fault.afterEvents ?? 2)) { await new Promise((r) => setTimeout(r, 50)); res.socket?.destroy(); return; }
      if (fault.type === 'stall' && i === (fault.afterEvents ?? 2)) await new Promise((r) => setTimeout(r, fault.ms));
      if (res.destroyed) return;
      res.write(lines[i]);
    }
    res.end();
    return;
  }
  if (!body.stream) {
    return send(200, { id: 'chatcmpl-p', object: 'chat.completion', model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer, ...(p.reasoningField ? { [p.reasoningField]: reasoning } : {}) }, finish_reason: finish }],
      usage: { prompt_tokens: 10, completion_tokens: 10 } });
  }
  res.writeHead(200, { ...cors, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const ev of openaiEvents(p, { model: body.model }, body, answer, reasoning, finish)) {
    if (res.destroyed) return;
    res.write(ev);
  }
  res.end();
}
