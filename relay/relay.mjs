// TalkPress relay for Node 18+ (no dependencies): the same rules as worker.js, for a machine you run.
//   ALLOWED_ORIGIN=https://talkpress.example [HOST=0.0.0.0] node relay/relay.mjs [port]
// Request form: http://<host>:<port>/<provider host>/<path>, e.g. /api.moonshot.cn/v1/chat/completions
// The key travels in the Authorization header to the provider and is never stored or logged.
import http from 'node:http';
import { Readable } from 'node:stream';

export const ALLOWED_HOSTS = ['api.moonshot.cn', 'api.moonshot.ai', 'dashscope.aliyuncs.com', 'dashscope-intl.aliyuncs.com',
  'ark.cn-beijing.volces.com', 'api.minimaxi.com', 'api.minimax.io', 'qianfan.baidubce.com'];
const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept'];

// `upstream(host)` gives the base to forward to (tests point it at a local server).
export function startRelay({ port = 8788, host: listenHost = '127.0.0.1', allowedOrigin, allowedHosts = ALLOWED_HOSTS, upstream = (h) => `https://${h}` } = {}) {
  const allowed = (allowedOrigin || '').replace(/\/$/, '');
  const cors = (origin) => ({ 'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600', vary: 'Origin' });
  const refuse = (res, status, message) => {
    res.writeHead(status, { 'content-type': 'application/json' });   // no CORS headers: other pages cannot read it
    res.end(JSON.stringify({ error: { message, type: 'relay_refused' } }));
  };
  const server = http.createServer(async (req, res) => {
    const origin = req.headers.origin || '';
    if (!allowed) return refuse(res, 500, 'The relay has no ALLOWED_ORIGIN configured.');
    if (origin !== allowed) return refuse(res, 403, 'This relay serves one page origin only.');
    if (req.method === 'OPTIONS') { res.writeHead(204, cors(origin)); return res.end(); }
    if (req.method !== 'POST' && req.method !== 'GET') return refuse(res, 405, 'Only GET and POST are relayed.');
    const url = new URL(req.url, 'http://relay');
    const [, host, ...rest] = url.pathname.split('/');
    if (!allowedHosts.includes(host)) return refuse(res, 403, `Host "${host}" is not on the relay's allow-list.`);
    const headers = {};
    for (const name of FORWARDED_HEADERS) if (req.headers[name]) headers[name] = req.headers[name];
    const controller = new AbortController();
    res.on('close', () => controller.abort());   // the page cancelled: stop the provider too
    let up;
    try {
      up = await fetch(`${upstream(host)}/${rest.join('/')}${url.search}`, { method: req.method, headers, redirect: 'manual',
        body: req.method === 'POST' ? Readable.toWeb(req) : undefined, duplex: 'half', signal: controller.signal });
    } catch (e) {
      return refuse(res, 502, `The provider could not be reached (${e.cause?.code || e.name}).`);
    }
    const out = { ...cors(origin), 'access-control-expose-headers': 'retry-after' };
    for (const name of ['content-type', 'retry-after', 'cache-control']) if (up.headers.get(name)) out[name] = up.headers.get(name);
    res.writeHead(up.status, out);
    if (!up.body) return res.end();
    try {
      for await (const chunk of up.body) res.write(chunk);   // streamed as it arrives
    } catch { /* the page or the provider hung up */ }
    res.end();
  });
  return new Promise((resolve) => server.listen(port, listenHost, () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.env.ALLOWED_ORIGIN) { console.error('Set ALLOWED_ORIGIN to the origin of your TalkPress page.'); process.exit(1); }
  startRelay({ port: Number(process.argv[2] || 8788), host: process.env.HOST || '127.0.0.1', allowedOrigin: process.env.ALLOWED_ORIGIN })
    .then((s) => console.log(`TalkPress relay on ${s.address().address}:${s.address().port} for ${process.env.ALLOWED_ORIGIN}`));
}
