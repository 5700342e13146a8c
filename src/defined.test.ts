import { describe, expect, it } from 'vitest';
import { definedOnly } from './defined.js';

describe('definedOnly', () => {
  it('keeps the set fields in the order and place written, drops undefined ones, keeps null, 0, "" and false', () => {
    const missing: string | undefined = undefined;
    const value = { a: 1, ...definedOnly({ b: missing, c: null, d: 0, e: '', f: false }), g: 2, ...definedOnly({ h: missing }) };
    expect(JSON.stringify(value)).toBe('{"a":1,"c":null,"d":0,"e":"","f":false,"g":2}');
    expect('b' in value).toBe(false);
  });
});
