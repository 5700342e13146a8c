import { describe, expect, it } from 'vitest';
import { urlArgs } from './h2load.js';
import { parseH2loadLog, parseH2loadOutput, parseH2loadVersion } from './h2load-output.js';

// Captured from h2load nghttp2/1.52.0 against nginx's h2c port (keepalive_requests 1000).
const OUTPUT = `starting benchmark...
spawning thread #0: 1 total client(s). 5000 total requests
Application protocol: h2c
progress: 10% done

finished in 573.46ms, 1743.80 req/s, 121.02KB/s
requests: 5000 total, 1014 started, 1014 done, 1000 succeeded, 4000 failed, 4000 errored, 0 timeout
status codes: 1000 2xx, 0 3xx, 0 4xx, 0 5xx
traffic: 69.40KB (71066) total, 15.69KB (16066) headers (space savings 90.47%), 4.88KB (5000) data
                     min         max         mean         sd        +/- sd
time for request:     4.15ms    567.73ms     54.19ms    111.47ms    94.60%
time for connect:      547us       547us       547us         0us   100.00%
time to 1st byte:     7.17ms      7.17ms      7.17ms         0us   100.00%
req/s           :    1743.80     1743.80     1743.80        0.00   100.00%
`;

describe('h2load output', () => {
  it('reads the totals, status classes, protocol and request times (units converted to ms)', () => {
    expect(parseH2loadOutput(OUTPUT)).toEqual({
      finishedMs: 573.46,
      reqPerSec: 1743.8,
      total: 5000,
      started: 1014,
      done: 1014,
      succeeded: 1000,
      failed: 4000,
      errored: 4000,
      timeout: 0,
      statusClasses: { '2xx': 1000, '3xx': 0, '4xx': 0, '5xx': 0 },
      protocol: 'h2c',
      requestTimeMs: { min: 4.15, max: 567.73, mean: 54.19, sd: 111.47 },
    });
  });

  it('returns undefined for output that is not an h2load summary', () => {
    expect(parseH2loadOutput('h2load: unrecognized option')).toBeUndefined();
  });

  it('reads the per-request log sorted by start time, and the version', () => {
    expect(parseH2loadLog('1795479304632094\t200\t103429\n1795479304632093\t200\t103347\n\n')).toEqual([
      { startUs: 1795479304632093, status: 200, durationUs: 103347 },
      { startUs: 1795479304632094, status: 200, durationUs: 103429 },
    ]);
    expect(parseH2loadVersion('h2load nghttp2/1.52.0\n')).toBe('1.52.0');
  });
});

describe('h2load URL arguments', () => {
  const target = { origin: new URL('https://10.0.0.7:8443'), pathFor: (d: number) => `/ping/${d}`, tls: { ca: '', caPath: '' } };
  it('uses the origin as is', () => {
    expect(urlArgs(target, 10)).toEqual(['https://10.0.0.7:8443/ping/10']);
  });
  it('names the server and connects to the address with --servername', () => {
    expect(urlArgs({ ...target, tls: { ca: '', caPath: '', servername: 'api.internal' } }, 0)).toEqual([
      '--connect-to=10.0.0.7:8443',
      'https://api.internal:8443/ping/0',
    ]);
  });
});
