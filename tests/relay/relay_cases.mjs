// The relay's promises, checked the same way for both implementations (relay/relay.mjs for Node,
// relay/worker.js for Cloudflare): it forwards to allow-listed hosts only, for one page origin only,
// passes the key and nothing else of the page's, streams the answer as it arrives, exposes Retry-After,
// never follows a redirect, and answers CORS preflights for its origin only.
// `startClient({ upstreamBase })` starts one implementation and returns { send(path, init), close() };
// `upstreamBase` is a local server standing in for api.moonshot.cn (no real provider is reachable here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

export const ORIGIN = 'https://talkpress.example';

export function relaySuite(name, startClient) {
  let upstream, client, seen;

  before(async () => {
    // Stands in for api.moonshot.cn: records what arrives; /v1/chat/completions streams an answer in two
    // parts, /v1/redirect answers 302 to another host.
    upstream = http.createServer(async (req, res) => {
      let body = '';
      for await (const c of req) body += c;
      seen.push({ url: req.url, headers: req.headers, body });
      if (req.url.startsWith('/v1/redirect')) {
        res.writeHead(302, { location: 'https://evil.example/collect' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'set-cookie': 'session=1', 'retry-after': '3', 'x-internal': 'secret' });
      res.write('data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n');
      setTimeout(() => res.end('data: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: [DONE]\n\n'), 300);
    });
    await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
    client = await startClient({ upstreamBase: `http://127.0.0.1:${upstream.address().port}` });
  });
  after(async () => { await client?.close(); upstream?.close(); });

  test(`${name}: forwards to an allowed host with the key, and streams the answer back`, async () => {
    seen = [];
    const t0 = Date.now();
    const r = await client.send('/api.moonshot.cn/v1/chat/completions?x=1', {
      method: 'POST', headers: { origin: ORIGIN, authorization: 'Bearer sk-user', 'content-type': 'application/json', cookie: 'a=b', 'x-extra': '1' },
      body: JSON.stringify({ model: 'kimi-k2.6', stream: true }),
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(r.headers.get('retry-after'), '3');
    assert.match(r.headers.get('access-control-expose-headers'), /retry-after/);
    assert.equal(r.headers.get('set-cookie'), null, 'cookies never come back');
    assert.equal(r.headers.get('x-internal'), null, 'only the headers a page needs come back');
    const reader = r.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /Hel/);
    assert.ok(Date.now() - t0 < 250, 'the first part arrives before the provider finished');
    let rest = '';
    for (let c = await reader.read(); !c.done; c = await reader.read()) rest += new TextDecoder().decode(c.value);
    assert.match(rest, /\[DONE\]/);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, '/v1/chat/completions?x=1');
    assert.equal(seen[0].headers.authorization, 'Bearer sk-user');
    assert.equal(seen[0].headers.cookie, undefined);
    assert.equal(seen[0].headers['x-extra'], undefined);
    assert.equal(seen[0].headers.origin, undefined, "the page's origin is not passed on");
    assert.equal(JSON.parse(seen[0].body).model, 'kimi-k2.6');
  });

  test(`${name}: a provider's redirect is handed back, never followed`, async () => {
    seen = [];
    const r = await client.send('/api.moonshot.cn/v1/redirect', { headers: { origin: ORIGIN, authorization: 'Bearer sk-user' } });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), null, 'the page is not sent anywhere else');
    assert.equal(seen.length, 1, 'the relay made one request, to the allowed host');
  });

  test(`${name}: answers the preflight for its page origin only`, async () => {
    const ok = await client.send('/api.moonshot.cn/v1/chat/completions', { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-headers': 'authorization' } });
    assert.equal(ok.status, 204);
    assert.match(ok.headers.get('access-control-allow-headers'), /authorization/);
    assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
    const other = await client.send('/api.moonshot.cn/v1/chat/completions', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  // Every refusal: status, what the message says, and that nothing reached the provider.
  const REFUSED = [
    ['another page origin', '/api.moonshot.cn/v1/models', { headers: { origin: 'https://evil.example', authorization: 'Bearer k' } }, 403, /one page origin/],
    ['no origin at all (not a page)', '/api.moonshot.cn/v1/models', { headers: { authorization: 'Bearer k' } }, 403, /one page origin/],
    ['the origin with a different scheme', '/api.moonshot.cn/v1/models', { headers: { origin: 'http://talkpress.example' } }, 403, /one page origin/],
    ['a host off the allow-list', '/example.com/steal', { headers: { origin: ORIGIN } }, 403, /allow-list/],
    ['an allowed host as a suffix of another', '/api.moonshot.cn.evil.example/v1/models', { headers: { origin: ORIGIN } }, 403, /allow-list/],
    ['a host with a port', '/api.moonshot.cn:8443/v1/models', { headers: { origin: ORIGIN } }, 403, /allow-list/],
    ['userinfo before the host', '/user@api.moonshot.cn/v1/models', { headers: { origin: ORIGIN } }, 403, /allow-list/],
    ['an empty host', '//v1/models', { headers: { origin: ORIGIN } }, 403, /allow-list/],
    ['DELETE', '/api.moonshot.cn/v1/files/1', { method: 'DELETE', headers: { origin: ORIGIN } }, 405, /GET and POST/],
    ['PUT', '/api.moonshot.cn/v1/files/1', { method: 'PUT', headers: { origin: ORIGIN }, body: 'x' }, 405, /GET and POST/],
  ];
  for (const [what, path, init, status, says] of REFUSED) {
    test(`${name}: refuses ${what}`, async () => {
      seen = [];
      const r = await client.send(path, init);
      assert.equal(r.status, status);
      assert.equal(r.headers.get('access-control-allow-origin'), null, 'a refusal carries no CORS headers');
      assert.match((await r.json()).error.message, says);
      assert.equal(seen.length, 0, 'nothing reached the provider');
    });
  }
}

// The same suite with no ALLOWED_ORIGIN configured: everything is refused.
export function unconfiguredSuite(name, startClient) {
  test(`${name}: without ALLOWED_ORIGIN it refuses everything`, async () => {
    const client = await startClient({ upstreamBase: 'http://127.0.0.1:9', allowedOrigin: '' });
    try {
      const r = await client.send('/api.moonshot.cn/v1/models', { headers: { origin: ORIGIN } });
      assert.equal(r.status, 500);
      assert.match((await r.json()).error.message, /ALLOWED_ORIGIN/);
    } finally { await client.close(); }
  });
}
