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
const KEY = `${PARAM}=`;

export function tagPath(path: string, request: number): string {
  const hash = path.indexOf('#');
  const [base, fragment] = hash === -1 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}${PARAM}=${request}${fragment}`;
}

/**
 * A path's tag as prefix + id + suffix (`tagPath(path, id) === prefix + id + suffix`), so
 * that the workload tags each request with one concatenation instead of a tagPath call.
 */
export function tagParts(path: string): { prefix: string; suffix: string } {
  const tagged = tagPath(path, 0);
  const at = tagged.lastIndexOf('=0') + 1;
  return { prefix: tagged.slice(0, at), suffix: tagged.slice(at + 1) };
}

const CODE_0 = 48;
const CODE_9 = 57;
const QUESTION = 63;
const AMPERSAND = 38;
const HASH = 35;

/**
 * Where the request tag of a path or URL starts (the index of `muxbench=`), or -1 when it
 * carries none: the first `muxbench=<digits>` that follows a `?` or `&` and ends the
 * string or is followed by `&` or `#` (what /[?&]muxbench=(\d+)(?:&|#|$)/ matches). Read
 * by hand, not by that regular expression: the tap reads it for every stream, and the
 * match array was garbage on the hot path.
 */
export function tagStart(path: string): number {
  let from = 1;
  for (;;) {
    const at = path.indexOf(KEY, from);
    if (at === -1) return -1;
    from = at + 1;
    const before = path.charCodeAt(at - 1);
    if (before !== QUESTION && before !== AMPERSAND) continue;
    const end = digitsEnd(path, at + KEY.length);
    const code = path.charCodeAt(end);
    // NaN past the end of the string: the digits end the path.
    if (end > at + KEY.length && (Number.isNaN(code) || code === AMPERSAND || code === HASH)) return at;
  }
}

function digitsEnd(path: string, start: number): number {
  let end = start;
  let code = path.charCodeAt(end);
  while (code >= CODE_0 && code <= CODE_9) code = path.charCodeAt(++end);
  return end;
}

/** The id of the tag that starts at `at` (from tagStart). */
export function tagIdAt(path: string, at: number): number {
  const start = at + KEY.length;
  return Number(path.slice(start, digitsEnd(path, start)));
}

/** The path without the tag that starts at `at` (from tagStart). */
export function untagAt(path: string, at: number): string {
  const end = digitsEnd(path, at + KEY.length);
  // `?muxbench=N&rest` keeps `?rest`; `?muxbench=N` and `&muxbench=N` go with their separator.
  if (path.charCodeAt(at - 1) === QUESTION && path.charCodeAt(end) === AMPERSAND) return path.slice(0, at) + path.slice(end + 1);
  return path.slice(0, at - 1) + path.slice(end);
}

/** The request id in a path or URL, or undefined when it carries none (see tagStart). */
export function requestIdOf(path: unknown): number | undefined {
  if (typeof path !== 'string') return undefined;
  const at = tagStart(path);
  return at === -1 ? undefined : tagIdAt(path, at);
}

/**
 * The path without its request tag (the path itself when it has none): what the tap puts
 * on the HTTP/2 wire, so that the server sees the path the workload asked for and HPACK
 * indexes it as it would without muxbench. `untaggedPath(tagPath(p, id)) === p`.
 */
export function untaggedPath(path: string): string {
  const at = tagStart(path);
  return at === -1 ? path : untagAt(path, at);
}
