import { describe, expect, it } from 'vitest';
import { parseFlags, percent, runConfig, runOptions } from './config.js';

const config = (args: string[]) => runConfig(parseFlags(args, runOptions).values);

describe('run options for reports', () => {
  it('runs everything but the sweep by default, and the sweep by name', () => {
    // seed-rtt20 (the seed at a 20 ms round trip, through its own relay) with its subset of strategies.
    expect(config([]).scenarios).toEqual(['seed', 'seed-rtt20', 'burst', 'throughput']);
    expect(config([]).scenariosByDefault).toBe(true);
    expect(config(['--scenario', 'seed']).scenariosByDefault).toBeUndefined();
    // Where the run cannot put its own relay in front of the server, the default run goes without it.
    expect(config(['--url', 'https://127.0.0.1:1/']).scenarios).toEqual(['seed', 'burst', 'throughput']);
    expect(config(['--rtt', '50']).scenarios).toEqual(['seed', 'burst', 'throughput']);
    expect(config(['--scenario', 'sweep']).scenarios).toEqual([
      'sweep-c1',
      'sweep-c3',
      'sweep-c10',
      'sweep-c30',
      'sweep-c100',
      'sweep-c300',
      'sweep-c1000',
    ]);
    expect(config(['--scenario', 'seed,sweep-c10']).scenarios).toEqual(['seed', 'sweep-c10']);
    expect(config(['--scenario', 'seed,seed-rtt20']).scenarios).toEqual(['seed', 'seed-rtt20']);
  });

  it('reads percentages', () => {
    expect(percent('x', '5%')).toBe(0.05);
    expect(percent('x', '2.5 %')).toBe(0.025);
    expect(percent('x', '10')).toBe(0.1);
    expect(percent('x', undefined)).toBeUndefined();
    expect(() => percent('x', '-3%')).toThrow("--x must be a percentage above 0, like 5%, got '-3%'");
    expect(() => percent('x', '0')).toThrow('percentage above 0');
  });

  it('validates compare, gate, html, json and open-loop flags', () => {
    const c = config(['--compare', 'base.json', '--fail-on-regression', '5%', '--html', 'out.html', '--json']);
    expect([c.compare, c.failOnRegression, c.html, c.json, c.openLoop]).toEqual(['base.json', 0.05, 'out.html', true, undefined]);
    expect(() => config(['--fail-on-regression', '5%'])).toThrow('--fail-on-regression needs a baseline: add --compare results/baseline.json');
    expect(config(['--rate', '500', '--duration', '3']).openLoop).toEqual({ rateRps: 500, durationMs: 3000 });
    expect(() => config(['--rate', '500'])).toThrow('open-loop load needs both --rate <requests/s> and --duration <seconds>');
    expect(() => config(['--rate', 'fast', '--duration', '3'])).toThrow("--rate must be a whole number from 1 to 100000, got 'fast'");
    expect(() => config(['--rate', '10', '--duration', '0'])).toThrow('--duration must be from 1 to 14400, got 0');
  });

  it('takes --duration up to 4 hours: open-loop with --rate, a sustained window without', () => {
    expect(config(['--rate', '500', '--duration', '14400']).openLoop).toEqual({ rateRps: 500, durationMs: 14_400_000 });
    expect(() => config(['--rate', '500', '--duration', '14401'])).toThrow('--duration must be from 1 to 14400, got 14401');
    const sustained = config(['--scenario', 'throughput', '--duration', '3600']);
    expect([sustained.openLoop, sustained.sustainedMs]).toEqual([undefined, 3_600_000]);
    expect(config(['--rate', '500', '--duration', '3']).sustainedMs).toBeUndefined();
  });
});
