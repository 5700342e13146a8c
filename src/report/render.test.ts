import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../../test/support/report-fixture.js';
import type { Results } from '../results.js';
import { renderJson } from './json.js';
import { measuredRuntimes } from './runtimes.js';
import { escapeCell, renderMarkdown } from './markdown.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('renders the fixture', () => {
    expect(renderTable(fixtureResults())).toMatchInlineSnapshot(`
      "seed — Three staggered requests on a fresh client
      (concurrency 3, server delays 5/10/15 ms, 2 repetitions)
      ┌──────────────────────┬──────────┬───────────┬──────────────┬──────────────┬────────────┬────────────┬──────┬────────────┬────────────────────┬────────┐
      │ strategy             │ protocol │     conns │          TLS │         peak │        p50 │        p99 │  max │ throughput │            CPU/req │ errors │
      │                      │          │ cold/warm │ full/resumed │ streams/conn │       [ms] │       [ms] │ [ms] │    [req/s] │ [µs] client/server │        │
      ├──────────────────────┼──────────┼───────────┼──────────────┼──────────────┼────────────┼────────────┼──────┼────────────┼────────────────────┼────────┤
      │ http2-single-session │ h2       │     1 / 0 │        1 / 0 │            3 │ 10.4 ± 0.1 │ 16.0 ± 0.1 │ 17.0 │    186 ± 2 │              – / – │      0 │
      │ undici-h2            │ h2       │   2–3 / 0 │      2–3 / 0 │            2 │ 10.6 ± 0.0 │ 16.3 ± 0.1 │ 17.9 │    180 ± 1 │              – / – │      0 │
      │ https-keepalive      │ http/1.1 │   3 / 0–1 │      3 / 0–1 │            1 │ 10.8 ± 0.1 │ 17.0 ± 0.5 │ 19.4 │    177 ± 1 │              – / – │      0 │
      └──────────────────────┴──────────┴───────────┴──────────────┴──────────────┴────────────┴────────────┴──────┴────────────┴────────────────────┴────────┘
        http2-single-session: 3 concurrent requests → 1 connection (h2) on the cold round, 1 full TLS handshake, up to 3 streams on one connection; warm rounds opened no new connection.
        undici-h2: 3 concurrent requests → 2–3 connections (h2) on the cold round, 2–3 full TLS handshakes, up to 2 streams on one connection; warm rounds opened no new connection; expected 1 for one-connection.
        https-keepalive: 3 concurrent requests → 3 connections (http/1.1, no ALPN) on the cold round, 3 full TLS handshakes, 0–1 resumed, up to 1 stream on one connection; warm rounds opened 0–1 new connections; expected none on warm rounds for pool (keep-alive).

      burst — Cold burst: 100 requests at once on a fresh client
      (concurrency 100, server delay 10 ms, 2 repetitions)
      ┌──────────────────────┬──────────┬───────────┬──────────────┬──────────────┬────────────┬────────────┬──────┬────────────┬────────────────────┬─────────────┐
      │ strategy             │ protocol │     conns │          TLS │         peak │        p50 │        p99 │  max │ throughput │            CPU/req │      errors │
      │                      │          │ cold/warm │ full/resumed │ streams/conn │       [ms] │       [ms] │ [ms] │    [req/s] │ [µs] client/server │             │
      ├──────────────────────┼──────────┼───────────┼──────────────┼──────────────┼────────────┼────────────┼──────┼────────────┼────────────────────┼─────────────┤
      │ http2-single-session │ h2       │     1 / 0 │        1 / 0 │          100 │ 14.4 ± 0.3 │ 23.4 ± 0.8 │ 26.4 │ 5,951 ± 86 │              – / – │ 12 of 2,200 │
      │ undici-h2            │ h2       │   100 / 0 │      100 / 0 │            1 │ 30.6 ± 1.2 │ 86.3 ± 3.0 │ 95.2 │ 2,757 ± 66 │              – / – │           0 │
      │ https-keepalive      │ http/1.1 │   100 / 0 │      100 / 0 │            1 │ 28.1 ± 0.3 │ 62.1 ± 1.3 │ 72.8 │ 3,104 ± 23 │              – / – │           0 │
      └──────────────────────┴──────────┴───────────┴──────────────┴──────────────┴────────────┴────────────┴──────┴────────────┴────────────────────┴─────────────┘
        http2-single-session: 100 concurrent requests → 1 connection (h2) on the cold round, 1 full TLS handshake, up to 100 streams on one connection; warm rounds opened no new connection. 12 of 2,200 requests failed: REFUSED_STREAM ×12.
        undici-h2: 100 concurrent requests → 100 connections (h2) on the cold round, 100 full TLS handshakes, up to 1 stream on one connection; warm rounds opened no new connection; expected 1 for one-connection.
        https-keepalive: 100 concurrent requests → 100 connections (http/1.1, no ALPN) on the cold round, 100 full TLS handshakes, up to 1 stream on one connection; warm rounds opened no new connection.
        ✗ undici-h2 (rep 0): opened 100 HTTP/2 connections for 100 concurrent requests on the cold round; RFC 9113 §9.1 expects 1
            fix: new Agent({ allowH2: true, connections: 1, pipelining: 100 })

      conns cold/warm: TCP connections opened in the first round / in all later rounds (range over repetitions).
      peak streams/conn: most requests in flight at once on any one connection.
      p50, p99, max: request latency in the rounds after the cold one (the cold round pays for connecting).
      p50, p99, throughput: mean ± sample stdev over repetitions; max: highest of any repetition.
      CPU client / server: user + system CPU per request, mean ± sample stdev over repetitions: the client worker over the measured rounds, the server muxbench started over the whole case (– where not recorded or the server is not ours).
      measured on: Node 20.20.2, undici 7.16.0, got 14.4.9; OpenSSL 3.0.19, nghttp2 1.61.0 (the Node running muxbench: this file predates per-case runtime records)
      machine:     linux 6.8.0 x64 · 4 × AMD EPYC 7763 64-Core Processor
      target:      local https://127.0.0.1:8443
      started:     2025-01-15T10:00:00.000Z, finished 2025-01-15T10:02:30.000Z
      command:     muxbench run --scenario seed,burst --strategy http2-single-session,undici-h2,https-keepalive --repetitions 2
      muxbench itself ran on Node 20.20.2 (OpenSSL 3.0.19, nghttp2 1.61.0) with undici 7.16.0, got 14.4.9
      "
    `);
  });

  it('has no ANSI codes unless asked', () => {
    expect(renderTable(fixtureResults())).not.toMatch(/\u001b\[/);
    expect(renderTable(fixtureResults(), { color: true })).toMatch(/\u001b\[/);
  });
});

describe('renderMarkdown', () => {
  it('renders the fixture', () => {
    expect(renderMarkdown(fixtureResults())).toMatchInlineSnapshot(`
      "# muxbench 0.1.0 results

      - Measured on Node 20.20.2, undici 7.16.0, got 14.4.9; OpenSSL 3.0.19, nghttp2 1.61.0 (the Node running muxbench: this file predates per-case runtime records)
      - Machine: linux 6.8.0 x64 · 4 × AMD EPYC 7763 64-Core Processor
      - Target: local https://127.0.0.1:8443
      - Started 2025-01-15T10:00:00.000Z, finished 2025-01-15T10:02:30.000Z
      - muxbench itself ran on Node 20.20.2 (OpenSSL 3.0.19, nghttp2 1.61.0) with undici 7.16.0, got 14.4.9

      Reproduce with:

      \`\`\`sh
      muxbench run --scenario seed,burst --strategy http2-single-session,undici-h2,https-keepalive --repetitions 2
      \`\`\`

      Columns:

      - conns cold/warm: TCP connections opened in the first round / in all later rounds (range over repetitions).
      - peak streams/conn: most requests in flight at once on any one connection.
      - p50, p99, max: request latency in the rounds after the cold one (the cold round pays for connecting).
      - p50, p99, throughput: mean ± sample stdev over repetitions; max: highest of any repetition.
      - CPU client / server: user + system CPU per request, mean ± sample stdev over repetitions: the client worker over the measured rounds, the server muxbench started over the whole case (– where not recorded or the server is not ours).

      ## seed

      Three staggered requests on a fresh client (concurrency 3, server delays 5/10/15 ms, 2 repetitions)

      | strategy | protocol | conns cold/warm | TLS full/resumed | peak streams/conn | p50 [ms] | p99 [ms] | max [ms] | throughput [req/s] | CPU/req [µs] client/server | errors |
      | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | http2-single-session | h2 | 1 / 0 | 1 / 0 | 3 | 10.4 ± 0.1 | 16.0 ± 0.1 | 17.0 | 186 ± 2 | – / – | 0 |
      | undici-h2 | h2 | 2–3 / 0 | 2–3 / 0 | 2 | 10.6 ± 0.0 | 16.3 ± 0.1 | 17.9 | 180 ± 1 | – / – | 0 |
      | https-keepalive | http/1.1 | 3 / 0–1 | 3 / 0–1 | 1 | 10.8 ± 0.1 | 17.0 ± 0.5 | 19.4 | 177 ± 1 | – / – | 0 |

      - http2-single-session: 3 concurrent requests → 1 connection (h2) on the cold round, 1 full TLS handshake, up to 3 streams on one connection; warm rounds opened no new connection.
      - undici-h2: 3 concurrent requests → 2–3 connections (h2) on the cold round, 2–3 full TLS handshakes, up to 2 streams on one connection; warm rounds opened no new connection; expected 1 for one-connection.
      - https-keepalive: 3 concurrent requests → 3 connections (http/1.1, no ALPN) on the cold round, 3 full TLS handshakes, 0–1 resumed, up to 1 stream on one connection; warm rounds opened 0–1 new connections; expected none on warm rounds for pool (keep-alive).

      ## burst

      Cold burst: 100 requests at once on a fresh client (concurrency 100, server delay 10 ms, 2 repetitions)

      | strategy | protocol | conns cold/warm | TLS full/resumed | peak streams/conn | p50 [ms] | p99 [ms] | max [ms] | throughput [req/s] | CPU/req [µs] client/server | errors |
      | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | http2-single-session | h2 | 1 / 0 | 1 / 0 | 100 | 14.4 ± 0.3 | 23.4 ± 0.8 | 26.4 | 5,951 ± 86 | – / – | 12 of 2,200 |
      | undici-h2 | h2 | 100 / 0 | 100 / 0 | 1 | 30.6 ± 1.2 | 86.3 ± 3.0 | 95.2 | 2,757 ± 66 | – / – | 0 |
      | https-keepalive | http/1.1 | 100 / 0 | 100 / 0 | 1 | 28.1 ± 0.3 | 62.1 ± 1.3 | 72.8 | 3,104 ± 23 | – / – | 0 |

      - http2-single-session: 100 concurrent requests → 1 connection (h2) on the cold round, 1 full TLS handshake, up to 100 streams on one connection; warm rounds opened no new connection. 12 of 2,200 requests failed: REFUSED_STREAM ×12.
      - undici-h2: 100 concurrent requests → 100 connections (h2) on the cold round, 100 full TLS handshakes, up to 1 stream on one connection; warm rounds opened no new connection; expected 1 for one-connection.
      - https-keepalive: 100 concurrent requests → 100 connections (http/1.1, no ALPN) on the cold round, 100 full TLS handshakes, up to 1 stream on one connection; warm rounds opened no new connection.

      - ✗ **undici-h2 (rep 0)**: opened 100 HTTP/2 connections for 100 concurrent requests on the cold round; RFC 9113 §9.1 expects 1 — fix: \`new Agent({ allowH2: true, connections: 1, pipelining: 100 })\`
      "
    `);
  });

  it('escapes pipes in cells', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b c');
    const results = fixtureResults();
    results.aggregates[0]!.strategy = 'my|strategy';
    expect(renderMarkdown(results)).toContain('| my\\|strategy | h2 |');
  });
});

describe('renderJson', () => {
  it('round-trips to an equal object, with the measured runtimes before muxbench\'s own environment', () => {
    const results = fixtureResults();
    const text = renderJson(results);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as Results;
    const { measuredOn, environment, ...rest } = parsed;
    const { environment: original, ...others } = results;
    expect(rest).toEqual(others);
    expect(environment).toEqual({ scope: 'muxbench', ...original });
    expect(measuredOn).toEqual(measuredRuntimes(results));
    const keys = Object.keys(results);
    keys.splice(keys.indexOf('environment'), 0, 'measuredOn');
    expect(Object.keys(parsed)).toEqual(keys);
    // Written again, a file read back is the same file.
    expect(renderJson(parsed)).toBe(text);
  });
});
