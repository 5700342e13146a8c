/** --target / --url / TLS file flags: validated once, one line each, exit 2. */
import { describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { UsageError } from '../errors.js';
import { certPaths } from './certs.js';
import { targetChoice } from './choice.js';

const certs = certPaths();

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(args, { stdout: () => {}, stderr: (t) => (err += t) });
  return { code, err };
}

describe('target flags', () => {
  it('defaults to the local target; --target nginx, --h2c and --mtls pass through', () => {
    expect(targetChoice({})).toEqual({ kind: 'local', mtls: false, h2c: false });
    expect(targetChoice({ target: 'nginx', mtls: true })).toEqual({ kind: 'nginx', mtls: true, h2c: false });
    expect(targetChoice({ target: 'local', h2c: true })).toEqual({ kind: 'local', mtls: false, h2c: true });
  });

  it('--url implies the url target with the default path', () => {
    expect(targetChoice({ url: 'https://127.0.0.1:8443' })).toEqual({
      kind: 'url',
      url: new URL('https://127.0.0.1:8443'),
      path: '/ping/{delay}',
    });
  });

  it.each([
    [{ target: 'caddy' }, "--target must be local or nginx (or give --url <origin>), got 'caddy'"],
    [{ target: 'nginx', url: 'https://x' }, '--url and --target nginx exclude each other: choose one'],
    [{ target: 'nginx', mtls: true, h2c: true }, '--mtls needs TLS and --h2c is cleartext: choose one'],
    [{ ca: 'ca.pem' }, '--ca applies to --url targets only; the local target brings its own certificates'],
    [{ url: 'ftp://x' }, "--url must start with https:// or http:// (h2c), got 'ftp://x'"],
    [{ url: 'not a url' }, "--url must be an absolute URL like https://host:8443, got 'not a url'"],
    [{ url: 'https://h:1/api/ping' }, "--url takes an origin only (https://h:1); give the request path with --path '/api/ping'"],
    [{ url: 'https://h:1', mtls: true }, '--mtls is for the local and nginx targets; for --url give --cert FILE --key FILE'],
    [{ url: 'https://h:1', h2c: true }, '--h2c is for the local and nginx targets; for --url use an http:// origin'],
    [{ url: 'https://h:1', cert: certs.clientCert }, '--cert and --key go together: give both (the client certificate and its private key)'],
    [{ url: 'https://h:1', path: 'ping' }, "--path must start with '/', got 'ping'"],
    [{ url: 'http://h:1', ca: certs.caCert }, '--ca needs an https:// URL; http://h:1 is cleartext'],
    [{ url: 'https://h:1', ca: '/no/such/ca.pem' }, '--ca /no/such/ca.pem: cannot read that file; give the path of a PEM file'],
  ])('%j → %s', (flags, message) => {
    expect(() => targetChoice(flags)).toThrow(new UsageError(message));
  });

  it('a bad certificate path is one line and exit 2, before anything starts', async () => {
    const { code, err } = await cli(['run', '--url', 'https://127.0.0.1:1', '--cert', '/no/cert.pem', '--key', '/no/key.pem']);
    expect(code).toBe(2);
    expect(err).toBe("muxbench: --cert /no/cert.pem: cannot read that file; give the path of a PEM file (see 'muxbench --help')\n");
  });
});
