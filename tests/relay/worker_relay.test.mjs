// relay/worker.js (Cloudflare Worker) against the shared relay suite, run in Node: its fetch handler gets
// standard Request objects, as the Workers runtime gives it, and its own outgoing fetch() goes to the
// local stand-in for the provider instead of https://<host> (no internet here). The stand-in records
// what the worker sent; nothing else of the worker is replaced.
import worker from '../../relay/worker.js';
import { relaySuite, unconfiguredSuite, ORIGIN } from './relay_cases.mjs';

const realFetch = globalThis.fetch;

async function startWorker({ upstreamBase, allowedOrigin = ORIGIN }) {
  const env = { ALLOWED_ORIGIN: allowedOrigin };
  globalThis.fetch = (url, init = {}) => {
    const u = new URL(String(url));
    if (u.protocol !== 'https:') throw new Error(`the worker fetched ${url}: not https`);
    // Node's fetch needs `duplex` for a streamed request body; the Workers runtime does not.
    return realFetch(upstreamBase + u.pathname + u.search, { ...init, ...(init.body ? { duplex: 'half' } : {}) });
  };
  return {
    send: (path, init = {}) => worker.fetch(new Request('https://relay.example.workers.dev' + path, { ...init, ...(init.body ? { duplex: 'half' } : {}) }), env),
    close: async () => { globalThis.fetch = realFetch; },
  };
}

relaySuite('worker relay', startWorker);
unconfiguredSuite('worker relay', startWorker);
