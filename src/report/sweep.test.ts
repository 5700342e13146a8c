import { describe, expect, it } from 'vitest';
import { renderSweepMarkdown } from './sweep-markdown.js';
import { sweepFixtureResults } from '../../test/support/sweep-fixture.js';
import { fixtureResults } from '../../test/support/report-fixture.js';

describe('renderSweepMarkdown', () => {
  it('is empty without a sweep', () => {
    expect(renderSweepMarkdown(fixtureResults())).toEqual([]);
  });

  it('renders one table per metric, strategies × concurrency, with skips named', () => {
    expect(renderSweepMarkdown(sweepFixtureResults()).join('\n')).toMatchInlineSnapshot(`
      "## Concurrency sweep

      How each strategy's cost grows with load (values: mean ± stdev or range over repetitions).

      ### TCP connections opened, all rounds

      | strategy | C=1 | C=10 | C=100 | C=1,000 |
      | --- | ---: | ---: | ---: | ---: |
      | http2-single-session | 1 | 1 | 1 | 1 |
      | undici-h2 | 1 | 10 | 100 | 1000 |
      | http2-session-per-request | 1 + 5 | 10 + 50 | 100 + 500 | skipped |

      ### TLS handshakes (full + resumed), all rounds

      | strategy | C=1 | C=10 | C=100 | C=1,000 |
      | --- | ---: | ---: | ---: | ---: |
      | http2-single-session | 1 | 1 | 1 | 1 |
      | undici-h2 | 1 | 10 | 100 | 1000 |
      | http2-session-per-request | 1 + 5 resumed | 10 + 50 resumed | 100 + 500 resumed | skipped |

      ### p99 latency [ms]

      | strategy | C=1 | C=10 | C=100 | C=1,000 |
      | --- | ---: | ---: | ---: | ---: |
      | http2-single-session | 12.1 | 12.5 | 17.0 | 62.0 |
      | undici-h2 | 12.1 | 13.0 | 22.0 | 112 |
      | http2-session-per-request | 12.2 | 13.5 | 27.0 | skipped |

      ### throughput [req/s]

      | strategy | C=1 | C=10 | C=100 | C=1,000 |
      | --- | ---: | ---: | ---: | ---: |
      | http2-single-session | 95.0 | 943 | 8,696 | 48,780 |
      | undici-h2 | 95.0 | 935 | 8,000 | 32,787 |
      | http2-session-per-request | 95.0 | 926 | 7,407 | skipped |

      - – http2-session-per-request at C=1000 skipped: sweep caps connection-per-request strategies at C = 300"
    `);
  });
});
