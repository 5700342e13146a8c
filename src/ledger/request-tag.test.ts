import { describe, expect, it } from 'vitest';
import { requestIdOf, tagPath } from './request-tag.js';

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
  });
});
