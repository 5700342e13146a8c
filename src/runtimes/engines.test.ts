import { describe, expect, it } from 'vitest';
import { satisfies } from './engines.js';

describe('satisfies (engines.node ranges)', () => {
  it.each([
    ['22.19.0', '>=22.19.0', true],
    ['22.18.9', '>=22.19.0', false],
    ['20.20.2', '>=22', false],
    ['26.10.0', '>=22', true],
    ['20.20.2', '^20.18.1 || >=22.0.0', true],
    ['21.0.0', '^20.18.1 || >=22.0.0', false],
    ['20.20.2', '>=18 <21', true],
    ['21.1.0', '>=18 <21', false],
    ['20.5.0', '20.x', true],
    ['22.0.0', '20.x', false],
    ['20.1.2', '~20.1.0', true],
    ['20.2.0', '~20.1.0', false],
    ['24.0.0', '*', true],
    ['24.0.0', '>= 20', true],
    ['20.0.0', '18 - 20.1.0', true],
  ])('%s in %s → %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });
});
