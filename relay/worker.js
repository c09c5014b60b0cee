// TalkPress relay as a Cloudflare Worker: lets the TalkPress page call providers that refuse browser
// requests (Moonshot/Kimi, DashScope/Qwen, Volcengine Ark/Doubao, MiniMax, Qianfan).
// Request form: https://<your-worker>/<provider host>/<path>, e.g. /api.moonshot.cn/v1/chat/completions
// Set ALLOWED_ORIGIN (the origin of the page you open TalkPress from) in the Worker's variables.
// The key travels in the request's Authorization header to the provider and is never stored or logged.
const ALLOWED_HOSTS = [
  'api.moonshot.cn', 'api.moonshot.ai',
  'dashscope.aliyuncs.com', 'dashscope-intl.aliyuncs.com',
  'ark.cn-beijing.volces.com',
  'api.minimaxi.com', 'api.minimax.io',
  'qianfan.baidubce.com',
];
const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept'];

function cors(origin) {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function refuse(status, message) {
  // No CORS headers: a page on another origin cannot even read the refusal.
  return new Response(JSON.stringify({ error: { message, type: 'relay_refused' } }), { status, headers: { 'content-type': 'application/json' } });
}

export default {
  async fetch(request, env) {
    const allowedOrigin = (env.ALLOWED_ORIGIN || '').replace(/\/$/, '');
    const origin = request.headers.get('origin') || '';
    if (!allowedOrigin) return refuse(500, 'The relay has no ALLOWED_ORIGIN configured.');
    if (origin !== allowedOrigin) return refuse(403, 'This relay serves one page origin only.');
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors(origin) });
    if (request.method !== 'POST' && request.method !== 'GET') return refuse(405, 'Only GET and POST are relayed.');

    const url = new URL(request.url);
    const [, host, ...rest] = url.pathname.split('/');
    if (!ALLOWED_HOSTS.includes(host)) return refuse(403, `Host "${host}" is not on the relay's allow-list.`);
    const target = `https://${host}/${rest.join('/')}${url.search}`;

    const headers = new Headers();
    for (const name of FORWARDED_HEADERS) {
      const v = request.headers.get(name);
      if (v) headers.set(name, v);
    }
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? request.body : undefined,
      redirect: 'manual',
    });
    // The body streams through as it arrives (server-sent events); cookies never come back.
    const out = new Headers(cors(origin));
    for (const name of ['content-type', 'retry-after', 'cache-control']) {
      const v = upstream.headers.get(name);
      if (v) out.set(name, v);
    }
    out.set('access-control-expose-headers', 'retry-after');
    return new Response(upstream.body, { status: upstream.status, headers: out });
  },
};
