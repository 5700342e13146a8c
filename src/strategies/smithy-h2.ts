import type { NodeHttp2Handler } from '@smithy/node-http-handler';
import { checkStatus, tlsOptions, type Strategy } from './types.js';

type SmithyRequest = Parameters<NodeHttp2Handler['handle']>[0];

/** The SDK's HttpRequest shape as plain data (the handler never clones it; the type asks for the method). */
function smithyRequest(fields: Omit<SmithyRequest, 'clone'>): SmithyRequest {
  return { ...fields, clone: () => smithyRequest(fields) };
}

/**
 * The AWS SDK v3's HTTP/2 handler (the SDK uses it for Kinesis SubscribeToShard,
 * Transcribe Streaming, Bedrock's bidirectional streams), called as the SDK calls it:
 * `handle(request, { abortSignal })` on one handler. Its connection manager leases a
 * session per origin from a pool and, with no `maxConcurrentStreams` set, opens another
 * only when the pooled one is closed. The CA goes in `nodeHttp2ConnectOptions`, the
 * handler's own option for http2.connect.
 */
export const smithyH2: Strategy = {
  id: 'smithy-h2',
  label: '@smithy/node-http-handler NodeHttp2Handler (AWS SDK v3)',
  library: '@smithy/node-http-handler',
  intent: 'one-connection',
  configuration: 'new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca } }) - pool and session defaults as the AWS SDK v3 leaves them',
  async open(ctx) {
    const { NodeHttp2Handler } = await import('@smithy/node-http-handler');
    const handler = new NodeHttp2Handler({ nodeHttp2ConnectOptions: tlsOptions(ctx.tls) });
    const { protocol, hostname } = ctx.origin;
    const port = Number(ctx.origin.port);
    const body = ctx.requestBody;
    return {
      async ping(path, signal) {
        const request = smithyRequest({
          protocol,
          hostname,
          port,
          path,
          query: {},
          method: body === undefined ? 'GET' : 'POST',
          headers: body === undefined ? {} : { 'content-length': String(body.length) },
          body,
        });
        const { response } = await handler.handle(request, { abortSignal: signal });
        // The response body is the HTTP/2 stream itself: read it to the end.
        const stream = response.body as NodeJS.ReadableStream;
        await new Promise<void>((resolve, reject) => {
          stream.on('error', reject);
          stream.on('end', resolve);
          stream.resume();
        });
        checkStatus(response.statusCode);
      },
      close: async () => handler.destroy(),
    };
  },
};
