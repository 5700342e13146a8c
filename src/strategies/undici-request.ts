/** One GET through an undici dispatcher; shared by the undici strategies. */
import type { Agent } from 'undici';
import type { StrategyClient, StrategyContext } from './types.js';
import { checkStatus, tlsOptions } from './types.js';

// Libraries load inside open(), so a case's worker loads only the library it measures.
export async function undiciClient(ctx: StrategyContext, agentOptions: Agent.Options): Promise<StrategyClient> {
  const { Agent, request } = await import('undici');
  // An http:// origin with allowH2: HTTP/2 with prior knowledge (undici 7's `useH2c`
  // connect option, what its H2CClient sets); without allowH2 it is plain HTTP/1.1.
  const h2c = ctx.origin.protocol === 'http:' && agentOptions.allowH2 === true;
  const dispatcher = new Agent({ ...agentOptions, connect: { ...tlsOptions(ctx.tls), ...(h2c ? { useH2c: true } : {}) } });
  return {
    async ping(path, signal) {
      const response = await request(new URL(path, ctx.origin), { method: 'GET', dispatcher, signal });
      // Read the whole body: a response is not done until its last byte arrived.
      await response.body.arrayBuffer();
      checkStatus(response.statusCode);
    },
    close: () => dispatcher.close(),
  };
}
