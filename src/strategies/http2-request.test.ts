/** The node:http2 request helper against a real server: success, status errors, and the shared abort signal. */
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../errors.js';
import { startLocalTarget } from '../targets/local.js';
import type { Target } from '../targets/types.js';
import { removeTempDirs, tempDir } from '../../test/support/target.js';
import { http2Get } from './http2-request.js';

let target: Target;
let session: http2.ClientHttp2Session;

beforeAll(async () => {
  target = await startLocalTarget({ certsDir: tempDir() });
  session = http2.connect(target.origin, { ca: target.tls.ca });
  session.on('error', () => {});
});

afterAll(async () => {
  session?.destroy();
  await target?.close();
  removeTempDirs();
});

describe('http2Get', () => {
  it('resolves on a complete 2xx response', async () => {
    await expect(http2Get(session, '/ping/0', new AbortController().signal)).resolves.toBeUndefined();
  });

  it('rejects a non-2xx answer with HTTP_<status>', async () => {
    const error = await http2Get(session, '/nope', new AbortController().signal).catch((e: unknown) => e);
    expect(errorCode(error)).toBe('HTTP_404');
  });

  it('one aborted signal cancels every request waiting on it, and the server sees them end', async () => {
    const signal = AbortSignal.timeout(100);
    // The server would wait 5 s; the shared signal fires after 100 ms.
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => http2Get(session, '/ping/5000', signal)));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    for (const o of outcomes) if (o.status === 'rejected') expect(errorCode(o.reason)).toBe('TimeoutError');
    // Without the cancellation these would succeed after 5 s: every one failing with
    // TimeoutError is the proof, with no clock in the assertion.
    // The session is still usable after the cancellations.
    await expect(http2Get(session, '/ping/0', new AbortController().signal)).resolves.toBeUndefined();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await http2Get(session, '/ping/0', controller.signal).catch((e: unknown) => e);
    expect(errorCode(error)).toBe('AbortError');
  });
});
