import { describe, expect, it } from 'vitest';
import { runtimeList, runtimeSelection } from '../config.js';
import { UsageError } from '../errors.js';
import { defaultLibrarySpecs, parseWith } from './libraries.js';
import { ltsMajor } from './node-runtime.js';
import { librarySets } from './variants.js';

describe('--node and --with', () => {
  it('defaults to the newest LTS line, which is 26 from October 2026 (even majors, LTS each October)', () => {
    expect(runtimeSelection(undefined, undefined)).toEqual({ nodes: ['lts'], with: [] });
    expect(ltsMajor(new Date('2026-12-02T00:00:00Z'))).toBe(26);
    expect(ltsMajor(new Date('2026-09-30T00:00:00Z'))).toBe(24);
    expect(ltsMajor(new Date('2023-10-24T00:00:00Z'))).toBe(20);
    expect(ltsMajor(new Date('2027-10-01T00:00:00Z'))).toBe(28);
  });

  it('takes majors, exact versions, current, lts and deduplicates', () => {
    expect(runtimeSelection('20, 24,24.21.0,current,20', undefined).nodes).toEqual(['20', '24', '24.21.0', 'current']);
  });

  it.each([
    ['node26', /--node 'node26' is not a Node version: use majors/],
    ['./nope/node', /--node \.\/nope\/node: no executable file there/],
    [',', /--node needs at least one runtime/],
  ])('rejects --node %s with one line that says what to give', (raw, message) => {
    expect(() => runtimeSelection(raw, undefined)).toThrow(UsageError);
    expect(() => runtimeSelection(raw, undefined)).toThrow(message);
  });

  it('--runtime names the runtime (node26, bun, deno, bun@1.4.5) and is the same list as --node; not both', () => {
    expect(runtimeSelection(runtimeList(undefined, 'node26, bun,deno@2.9.6,node24.21.0,current'), undefined).nodes).toEqual(['26', 'bun', 'deno@2.9.6', '24.21.0', 'current']);
    expect(runtimeList('20', undefined)).toBe('20');
    expect(() => runtimeList('20', 'bun')).toThrow(/--node and --runtime name the same list: give one/);
    expect(() => runtimeSelection(runtimeList(undefined, 'bunn'), undefined)).toThrow(/'bunn' is not a Node version: use .* bun, deno/);
  });

  it('rejects --with for a library the strategies do not measure', () => {
    expect(() => parseWith('axios@1')).toThrow(/--with 'axios@1': give an npm spec of undici, got, http2-wrapper/);
    expect(parseWith('undici@7')).toEqual({ kind: 'spec', name: 'undici', spec: 'undici@7' });
    expect(parseWith('got')).toEqual({ kind: 'spec', name: 'got', spec: 'got' });
    expect(parseWith('project')).toEqual({ kind: 'project' });
  });

  it('gives each runtime the newest majors its engines allow', () => {
    expect(defaultLibrarySpecs('20.20.2')).toEqual({ undici: 'undici@7', got: 'got@14', 'http2-wrapper': 'http2-wrapper@2' });
    expect(defaultLibrarySpecs('22.18.0')).toEqual({ undici: 'undici@7', got: 'got@16' });
    expect(defaultLibrarySpecs('22.19.0')).toEqual({ undici: 'undici@8', got: 'got@16' });
    expect(defaultLibrarySpecs('26.10.0')).toEqual({ undici: 'undici@8', got: 'got@16' });
  });

  it('makes one set of different libraries, one variant per spec of the same library, and project a set of its own', () => {
    const sets = (...raw: string[]) => librarySets(raw.map(parseWith));
    expect(sets()).toEqual([{ kind: 'specs', overrides: {} }]);
    expect(sets('undici@7', 'got@14.6.6')).toEqual([{ kind: 'specs', overrides: { undici: 'undici@7', got: 'got@14.6.6' } }]);
    expect(sets('undici@7', 'undici@8')).toEqual([
      { kind: 'specs', overrides: { undici: 'undici@7' } },
      { kind: 'specs', overrides: { undici: 'undici@8' } },
    ]);
    expect(sets('project')).toEqual([{ kind: 'project' }]);
    expect(sets('project', 'undici@8')).toEqual([{ kind: 'project' }, { kind: 'specs', overrides: { undici: 'undici@8' } }]);
  });
});
