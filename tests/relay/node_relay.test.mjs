// The Node relay (relay/relay.mjs): forwards to allow-listed hosts only, for one page origin only,
// passes the key through, streams the answer as it arrives, and answers CORS preflights.
// Run: node --test tests/relay/node_relay.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startRelay } from '../../relay/relay.mjs';

const ORIGIN = 'https://talkpress.example';
let upstream, relay, base, seen;

before(async () => {
  // Stands in for api.moonshot.cn: records what arrives, streams an answer in two parts.
  upstream = http.createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    seen = { url: req.url, headers: req.headers, body };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'set-cookie': 'session=1', 'retry-after': '3' });
    res.write('data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n');
    setTimeout(() => res.end('data: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: [DONE]\n\n'), 300);
  });
  await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
  const up = `http://127.0.0.1:${upstream.address().port}`;
  relay = await startRelay({ port: 0, allowedOrigin: ORIGIN, allowedHosts: ['api.moonshot.cn'], upstream: () => up });
  base = `http://127.0.0.1:${relay.address().port}`;
});
after(() => { relay?.close(); upstream?.close(); });

test('forwards to an allowed host with the key, and streams the answer back', async () => {
  const t0 = Date.now();
  const r = await fetch(`${base}/api.moonshot.cn/v1/chat/completions?x=1`, {
    method: 'POST', headers: { origin: ORIGIN, authorization: 'Bearer sk-user', 'content-type': 'application/json', cookie: 'a=b', 'x-extra': '1' },
    body: JSON.stringify({ model: 'kimi-k2.6', stream: true }),
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(r.headers.get('retry-after'), '3');
  assert.equal(r.headers.get('set-cookie'), null);
  const reader = r.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.match(first, /Hel/);
  assert.ok(Date.now() - t0 < 250, 'the first part arrives before the provider finished');
  let rest = '';
  for (let c = await reader.read(); !c.done; c = await reader.read()) rest += new TextDecoder().decode(c.value);
  assert.match(rest, /\[DONE\]/);
  assert.equal(seen.url, '/v1/chat/completions?x=1');
  assert.equal(seen.headers.authorization, 'Bearer sk-user');
  assert.equal(seen.headers.cookie, undefined);
  assert.equal(seen.headers['x-extra'], undefined);
  assert.equal(JSON.parse(seen.body).model, 'kimi-k2.6');
});

test('answers the preflight for its page origin only', async () => {
  const ok = await fetch(`${base}/api.moonshot.cn/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-headers': 'authorization' } });
  assert.equal(ok.status, 204);
  assert.match(ok.headers.get('access-control-allow-headers'), /authorization/);
  const other = await fetch(`${base}/api.moonshot.cn/v1/chat/completions`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
  assert.equal(other.status, 403);
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('refuses other origins, requests without an origin, hosts off the list, and other methods', async () => {
  seen = null;
  const evil = await fetch(`${base}/api.moonshot.cn/v1/models`, { headers: { origin: 'https://evil.example', authorization: 'Bearer k' } });
  assert.equal(evil.status, 403);
  const none = await fetch(`${base}/api.moonshot.cn/v1/models`);
  assert.equal(none.status, 403);
  const host = await fetch(`${base}/example.com/steal`, { headers: { origin: ORIGIN } });
  assert.equal(host.status, 403);
  assert.match((await host.json()).error.message, /allow-list/);
  const del = await fetch(`${base}/api.moonshot.cn/v1/files/1`, { method: 'DELETE', headers: { origin: ORIGIN } });
  assert.equal(del.status, 405);
  assert.equal(seen, null, 'nothing reached the provider');
});
