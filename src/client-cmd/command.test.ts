import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { clientCommands, splitCommand, substitute, substitutionEnv, type SubstitutionValues } from './command.js';
import { clientsConfig } from './options.js';

const values: SubstitutionValues = {
  origin: 'https://127.0.0.1:8443',
  url: 'https://127.0.0.1:8443/ping/10',
  ca: '/certs dir/ca.crt',
  cert: undefined,
  key: undefined,
  body: undefined,
  bytes: undefined,
  concurrency: '20',
  host: '127.0.0.1',
  port: '8443',
};

describe('splitCommand', () => {
  it('splits like a shell: quotes, escapes, placeholders kept for later', () => {
    expect(splitCommand(`curl --cacert {ca} -H 'x: a b' "say \\"hi\\"" a\\ b {url}?n=[1-{concurrency}]`)).toEqual([
      'curl', '--cacert', '{ca}', '-H', 'x: a b', 'say "hi"', 'a b', '{url}?n=[1-{concurrency}]',
    ]);
    expect(splitCommand(`sh -c 'echo $HOME | wc'`)).toEqual(['sh', '-c', 'echo $HOME | wc']);
  });

  it('refuses what only a shell would do, and says how to get one', () => {
    for (const text of ['curl {url} | head', 'a && b', 'curl $URL', 'echo `id`', 'a > out', 'a; b']) {
      expect(() => splitCommand(text), text).toThrow(/runs without a shell.*sh -c/);
    }
    expect(() => splitCommand(`curl 'open`)).toThrow(/unclosed ' quote/);
    expect(() => splitCommand('   ')).toThrow(UsageError);
  });
});

describe('substitute', () => {
  it('fills every placeholder inside words, a path with a space staying one argument', () => {
    expect(substitute(['--cacert', '{ca}', '{url}?n=[1-{concurrency}]', '{host}:{port}', '{a,b}'], values)).toEqual([
      '--cacert', '/certs dir/ca.crt', 'https://127.0.0.1:8443/ping/10?n=[1-20]', '127.0.0.1:8443', '{a,b}',
    ]);
  });

  it('a client certificate placeholder without --mtls is a usage error that names the fix', () => {
    expect(() => substitute(['--cert', '{cert}'], values)).toThrow(/add --mtls/);
  });

  it('puts the same values into MUXBENCH_* variables', () => {
    expect(substitutionEnv(values)).toEqual({
      MUXBENCH_ORIGIN: 'https://127.0.0.1:8443',
      MUXBENCH_URL: 'https://127.0.0.1:8443/ping/10',
      MUXBENCH_CA: '/certs dir/ca.crt',
      MUXBENCH_CONCURRENCY: '20',
      MUXBENCH_HOST: '127.0.0.1',
      MUXBENCH_PORT: '8443',
    });
  });
});

describe('client options', () => {
  const local = { kind: 'local', mtls: false, h2c: false } as const;

  it('names rows after the program, numbered when one program runs twice, or by --client-id', () => {
    expect(clientCommands(['/usr/bin/curl a', 'curl b', 'h2load c'], []).map((c) => c.id)).toEqual(['curl-1', 'curl-2', 'h2load']);
    expect(clientCommands(['curl a', 'curl b'], ['mux', 'h1']).map((c) => c.id)).toEqual(['mux', 'h1']);
    expect(() => clientCommands(['curl a', 'curl b'], ['x'])).toThrow(/one per command/);
  });

  it('defaults: 60 s timeout, one-connection', () => {
    expect(clientsConfig({ 'client-cmd': ['curl {url}'] }, local)).toMatchObject({ timeoutMs: 60_000, intent: 'one-connection' });
    expect(clientsConfig({}, local)).toBeUndefined();
  });

  it('bad input is one line that says what to do', () => {
    expect(() => clientsConfig({ intent: 'pool' }, local)).toThrow(/--intent applies to --client-cmd/);
    expect(() => clientsConfig({ 'client-cmd': ['curl'], 'client-timeout': 'soon' }, local)).toThrow(/--client-timeout must be seconds/);
    expect(() => clientsConfig({ 'client-cmd': ['curl'], intent: 'many' }, local)).toThrow(/--intent must be one of/);
    expect(() => clientsConfig({ 'client-cmd': ['curl --cert {cert} {url}'] }, local)).toThrow(/add --mtls/);
    expect(() => clientsConfig({ 'client-cmd': ['curl {url}'] }, { kind: 'url', url: new URL('https://x'), path: '/' })).toThrow(/drop --url/);
  });
});
