/**
 * axios, @grpc/grpc-js and @smithy/node-http-handler come from muxbench's own install on
 * every variant: a case of theirs is skipped, with the range in the reason, on a Node the
 * installed version's `engines` excludes (as a variant's library set is), and runs
 * everywhere else. Read from the real installed package.json files.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { projectLibrarySkip } from './capture.js';
import { PROJECT_LIBRARIES } from './types.js';

const require = createRequire(import.meta.url);
function installed(name: string): { version: string; engines?: { node?: string } } {
  // Not every package exports ./package.json: find it next to the entry point's package root.
  const entry = require.resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}/`.length);
  return JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string; engines?: { node?: string } };
}

describe('projectLibrarySkip', () => {
  it('runs every project library on the Node running the tests', () => {
    for (const name of PROJECT_LIBRARIES) expect(projectLibrarySkip(name, { id: 'this Node', version: process.versions.node }), name).toBeUndefined();
  });

  it('skips a library whose engines exclude the runtime, naming the version, the range and the runtime', () => {
    const grpc = installed('@grpc/grpc-js');
    expect(grpc.engines?.node).toBe('>=12.10.0');
    expect(projectLibrarySkip('@grpc/grpc-js', { id: 'node10', version: '10.24.1' })).toBe(
      `@grpc/grpc-js@${grpc.version} needs Node >=12.10.0 (its engines); node10 is v10.24.1`,
    );
    const smithy = installed('@smithy/node-http-handler');
    expect(projectLibrarySkip('@smithy/node-http-handler', { id: 'node16', version: '16.20.2' })).toBe(
      `@smithy/node-http-handler@${smithy.version} needs Node ${smithy.engines?.node ?? ''} (its engines); node16 is v16.20.2`,
    );
    expect(projectLibrarySkip('@smithy/node-http-handler', { id: 'node20', version: '20.20.2' })).toBeUndefined();
  });

  it('axios declares no engines: it runs on any runtime; libraries a variant chooses are not its business', () => {
    expect(installed('axios').engines).toBeUndefined();
    expect(projectLibrarySkip('axios', { id: 'node10', version: '10.0.0' })).toBeUndefined();
    expect(projectLibrarySkip('undici', { id: 'node10', version: '10.0.0' })).toBeUndefined();
    expect(projectLibrarySkip('node:http2', { id: 'node10', version: '10.0.0' })).toBeUndefined();
  });
});
