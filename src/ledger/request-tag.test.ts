import { describe, expect, it } from 'vitest';
import { requestIdOf, tagParts, tagPath, untaggedPath } from './request-tag.js';

describe('request tags', () => {
  it('appends the id to the query, before a fragment', () => {
    expect(tagPath('/ping/5', 12)).toBe('/ping/5?muxbench=12');
    expect(tagPath('/ping/5?d=1', 3)).toBe('/ping/5?d=1&muxbench=3');
    expect(tagPath('/ping/5#top', 4)).toBe('/ping/5?muxbench=4#top');
    expect(tagPath('/a?x=1#f', 9)).toBe('/a?x=1&muxbench=9#f');
  });

  it('reads the id back from a path or URL, and nothing from anything else', () => {
    expect(requestIdOf('/ping/5?muxbench=12')).toBe(12);
    expect(requestIdOf('https://h:1/ping/5?d=1&muxbench=3&z=2')).toBe(3);
    expect(requestIdOf('/ping/5?muxbench=4#top')).toBe(4);
    expect(requestIdOf('/ping/5?notmuxbench=4')).toBeUndefined();
    expect(requestIdOf('/ping/5?muxbench=4x')).toBeUndefined();
    expect(requestIdOf('/ping/5?muxbench=')).toBeUndefined();
    expect(requestIdOf('/ping/5')).toBeUndefined();
    expect(requestIdOf(undefined)).toBeUndefined();
    expect(requestIdOf(7)).toBeUndefined();
    // The first well-formed tag counts; a malformed one before it is skipped.
    expect(requestIdOf('/p?muxbench=5x&muxbench=6')).toBe(6);
    expect(requestIdOf('/p?a=muxbench=5')).toBeUndefined();
    expect(requestIdOf('muxbench=5')).toBeUndefined();
    expect(requestIdOf('/p?muxbench=5\n')).toBeUndefined();
    expect(requestIdOf('/p?muxbench=007&')).toBe(7);
  });

  it('reads ids as the regular expression of the wire format does, on generated paths', () => {
    // The hand-written reader against the format's definition, on every short mix of its pieces.
    const FORMAT = /[?&]muxbench=(\d+)(?:&|#|$)/;
    const pieces = ['?', '&', 'muxbench=', 'muxbench', '=', '1', '23', '#', 'x', '/'];
    let seen = 0;
    const walk = (path: string, depth: number): void => {
      const m = FORMAT.exec(path);
      expect(requestIdOf(path), path).toBe(m?.[1] !== undefined ? Number(m[1]) : undefined);
      if (m) seen += 1;
      if (depth > 0) for (const p of pieces) walk(path + p, depth - 1);
    };
    walk('', 4);
    expect(seen).toBeGreaterThan(50);
  });

  it('splits a tagged path around its id', () => {
    for (const path of ['/ping/5', '/ping/5?d=1', '/ping/5#top', '/a?x=1#f', '/p?x=0']) {
      const { prefix, suffix } = tagParts(path);
      expect(prefix + 42 + suffix).toBe(tagPath(path, 42));
    }
  });

  it('takes the tag off again, leaving the path the workload asked for', () => {
    for (const path of ['/ping/5', '/ping/5?d=1', '/ping/5#top', '/a?x=1#f', '/p?x=0', '/p?a=1&b=2']) {
      expect(untaggedPath(tagPath(path, 42))).toBe(path);
      expect(untaggedPath(path)).toBe(path);
    }
    expect(untaggedPath('/p?muxbench=3&z=2')).toBe('/p?z=2');
    expect(untaggedPath('/p?muxbench=5x&muxbench=6')).toBe('/p?muxbench=5x');
    expect(untaggedPath('/p?a=muxbench=5')).toBe('/p?a=muxbench=5');
  });
});
