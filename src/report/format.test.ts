import { describe, expect, it } from 'vitest';
import { countOf, fmtCount, fmtMeanSpread, fmtMs, fmtRange, fmtRate, fmtRatio, protocolLabel } from './format.js';

describe('format', () => {
  it('fmtMs keeps 3 significant digits without exponents', () => {
    expect([0.412, 12.34, 153.4, 5, 0, 1534.6, 999.96, Number.NaN].map(fmtMs)).toEqual([
      '0.412', '12.3', '153', '5.00', '0', '1535', '1000', 'n/a',
    ]);
  });

  it('fmtRate groups thousands from 100 up', () => {
    expect([5951, 186.05, 42.25, 0.5].map(fmtRate)).toEqual(['5,951', '186', '42.3', '0.500']);
    expect(fmtCount(2200)).toBe('2,200');
  });

  it('fmtMeanSpread shows the spread with the decimals of the mean', () => {
    expect(fmtMeanSpread(12.31, 0.44, fmtMs)).toBe('12.3 ± 0.4');
    expect(fmtMeanSpread(0.4123, 0.0131, fmtMs)).toBe('0.412 ± 0.013');
    expect(fmtMeanSpread(153.2, 2.4, fmtMs)).toBe('153 ± 2');
    expect(fmtMeanSpread(5951, 1086.3, fmtRate)).toBe('5,951 ± 1,086');
  });

  it('fmtRange collapses equal ends', () => {
    expect(fmtRange(3, 3)).toBe('3');
    expect(fmtRange(3, 5)).toBe('3–5');
    expect(countOf({ min: 1, max: 1 }, 'connection')).toBe('1 connection');
    expect(countOf({ min: 0, max: 0 }, 'connection')).toBe('0 connections');
    expect(countOf({ min: 1, max: 2 }, 'connection')).toBe('1–2 connections');
  });

  it('fmtRatio says faster or slower like hyperfine', () => {
    expect(fmtRatio({ ratio: 2.3112, uncertainty: 0.0412 })).toBe('2.31 ± 0.04× faster');
    // 0.5 ± 0.01 inverted: 2 ± 0.01 / 0.25
    expect(fmtRatio({ ratio: 0.5, uncertainty: 0.01 })).toBe('2.00 ± 0.04× slower');
    expect(fmtRatio({ ratio: 1.001, uncertainty: 0.02 })).toBe('1.00 ± 0.02× (same speed)');
    expect(fmtRatio({ ratio: 21.77, uncertainty: 0.61 })).toBe('21.8 ± 0.6× faster');
    expect(fmtRatio({ ratio: Number.POSITIVE_INFINITY, uncertainty: Number.NaN })).toBe('n/a');
  });

  it('shows TLS without ALPN as http/1.1', () => {
    expect(protocolLabel('none')).toBe('http/1.1');
    expect(protocolLabel('h2')).toBe('h2');
    expect(protocolLabel('cleartext')).toBe('cleartext');
  });
});
