/**
 * A client as many teams ship it: undici with HTTP/2 switched on and every other option
 * at its default. It claims one connection per origin (that is what turning HTTP/2 on
 * promises), so `muxbench verify` holds it to that, and on undici 7 it fails: a cold
 * burst opens one connection per request before ALPN has answered.
 *
 *   npx muxbench verify --strategy-file examples/fanout-client.ts     # exits 1
 */
import { Agent, request } from 'undici';
import { checkStatus, tlsOptions, type Strategy } from 'muxbench';

const strategy: Strategy = {
  id: 'my-undici-client',
  label: 'our API client: undici Agent({ allowH2: true })',
  library: 'undici',
  intent: 'one-connection',
  configuration: 'new Agent({ allowH2: true })',
  async open(ctx) {
    // The tap counts undici's sockets and streams: no ledger code needed here.
    const dispatcher = new Agent({ allowH2: true, connect: tlsOptions(ctx.tls) });
    return {
      async ping(path, signal) {
        const response = await request(new URL(path, ctx.origin), { dispatcher, signal });
        await response.body.arrayBuffer();
        checkStatus(response.statusCode);
      },
      close: () => dispatcher.close(),
    };
  },
};

export default strategy;
