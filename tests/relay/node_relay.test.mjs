// relay/relay.mjs (Node) against the shared relay suite. Run: node --test tests/relay/
import { startRelay } from '../../relay/relay.mjs';
import { relaySuite, unconfiguredSuite, ORIGIN } from './relay_cases.mjs';

async function startNodeRelay({ upstreamBase, allowedOrigin = ORIGIN }) {
  // Every allowed host goes to the local stand-in (the relay's `upstream` hook; there is no internet here).
  const relay = await startRelay({ port: 0, allowedOrigin, upstream: () => upstreamBase });
  const base = `http://127.0.0.1:${relay.address().port}`;
  return {
    send: (path, init) => fetch(base + path, { redirect: 'manual', ...init }),
    close: () => new Promise((r) => { relay.closeAllConnections?.(); relay.close(r); }),
  };
}

relaySuite('node relay', startNodeRelay);
unconfiguredSuite('node relay', startNodeRelay);
