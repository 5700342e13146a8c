/**
 * The ledger's bookkeeping at the edges ledger.test.ts leaves open: events carry no
 * `request` or `error` key at all when there is none (a trace must not show
 * `request: undefined`), idle time only for a stream that found the connection idle,
 * GOAWAY codes tallied for exactly the connections that got one, every RFC 9113 §7
 * error name, and TLS on a socket first tracked as TCP. A socket is only a key here.
 */
import { describe, expect, it } from 'vitest';
import { http2ErrorName } from './ledger.js';

import { clocked } from '../../test/support/clocked-ledger.js';

describe('events without a request id or an error have no such key', () => {
  it('stream-open, stream-close, stream-refused and request-end', () => {
    const { ledger, events } = clocked();
    const r = ledger.track({}, 'tcp');
    ledger.connected(r);
    ledger.streamOpened(r)();
    ledger.streamRefused(r);
    ledger.requestEnded(3);
    const keyed = events.filter((e) => e.type !== 'connect-start' && e.type !== 'connect-done');
    expect(keyed.map((e) => e.type)).toEqual(['stream-open', 'stream-close', 'stream-refused', 'request-end']);
    for (const e of keyed.slice(0, 3)) expect(Object.keys(e), e.type).not.toContain('request');
    expect(Object.keys(keyed[3]!)).toEqual(['type', 'at', 'request']);
  });
});

describe('idle time', () => {
  it('only the stream that found the connection idle reports it; one opened beside it reports 0', () => {
    const { ledger, events, at } = clocked();
    const r = ledger.track({}, 'tcp');
    ledger.connected(r);
    at(10);
    ledger.streamOpened(r, 1)();
    at(25);
    ledger.streamOpened(r, 2);
    at(26);
    ledger.streamOpened(r, 3);
    const opens = events.flatMap((e) => (e.type === 'stream-open' ? [[e.request, e.wasIdle, e.idleMs]] : []));
    expect(opens).toEqual([
      [1, false, 0],
      [2, true, 15],
      [3, false, 0],
    ]);
  });
});

describe('GOAWAY codes', () => {
  it('tallied only for connections that got a GOAWAY', () => {
    const { ledger } = clocked();
    const [a, b, c] = [{}, {}, {}].map((s) => {
      const r = ledger.track(s, 'tls');
      ledger.secured(r, false, 'h2');
      return r;
    });
    ledger.goaway(a!, 0);
    ledger.goaway(c!, 0);
    expect(b!.goawayCode).toBeUndefined();
    const s = ledger.summary();
    expect(s.goawayCodes).toEqual({ NO_ERROR: 2 });
    expect(s.goaways).toBe(2);
  });
});

describe('http2ErrorName', () => {
  it('every RFC 9113 §7 code, 0x0 to 0xd', () => {
    expect(Array.from({ length: 14 }, (_, code) => http2ErrorName(code))).toEqual([
      'NO_ERROR',
      'PROTOCOL_ERROR',
      'INTERNAL_ERROR',
      'FLOW_CONTROL_ERROR',
      'SETTINGS_TIMEOUT',
      'STREAM_CLOSED',
      'FRAME_SIZE_ERROR',
      'REFUSED_STREAM',
      'CANCEL',
      'COMPRESSION_ERROR',
      'CONNECT_ERROR',
      'ENHANCE_YOUR_CALM',
      'INADEQUATE_SECURITY',
      'HTTP_1_1_REQUIRED',
    ]);
  });
});

describe('secured', () => {
  it('a socket tracked as TCP that then finishes a TLS handshake is a TLS connection', () => {
    const { ledger } = clocked();
    const r = ledger.track({}, 'tcp');
    ledger.connected(r);
    ledger.secured(r, true, 'h2');
    expect(r).toMatchObject({ transport: 'tls', tls: 'resumed', alpn: 'h2' });
  });

  it('no ALPN reported at all (null or undefined) is none', () => {
    const { ledger } = clocked();
    const [a, b] = [{}, {}].map((s) => ledger.track(s, 'tls'));
    ledger.secured(a!, false, null);
    ledger.secured(b!, false, undefined);
    expect([a!.alpn, b!.alpn]).toEqual(['none', 'none']);
  });
});

describe('failed', () => {
  it('only a code that starts with an OpenSSL alert name is an alert', () => {
    const { ledger } = clocked();
    const r = ledger.track({}, 'tls');
    ledger.secured(r, false, 'h2');
    ledger.failed(r, 'X_ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(r.tls).toBe('full');
  });
});
