/**
 * Request ids on the wire. The workload appends `muxbench=<id>` to the query of every
 * ping, and the tap reads it back wherever a library shows the request's path (the
 * `:path` pseudo-header of an HTTP/2 stream, undici's `request.path`, a ClientRequest's
 * `path`). That ties each request to the connection it landed on for every library,
 * including user strategies, without relying on async context: undici and http2-wrapper
 * send queued requests from a connection's callbacks, outside the caller's context.
 * Servers ignore the query (the ping server's route allows one).
 */
const PARAM = 'muxbench';
const FIND = /[?&]muxbench=(\d+)(?:&|#|$)/;

export function tagPath(path: string, request: number): string {
  const hash = path.indexOf('#');
  const [base, fragment] = hash === -1 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}${PARAM}=${request}${fragment}`;
}

/** The request id in a path or URL, or undefined when it carries none. */
export function requestIdOf(path: unknown): number | undefined {
  if (typeof path !== 'string') return undefined;
  const match = FIND.exec(path);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}
