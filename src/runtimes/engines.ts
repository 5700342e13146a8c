/**
 * Does a Node version meet a package's `engines.node` range? A small subset of npm's
 * semver ranges, the forms packages put in `engines` (`>=22.19.0`, `^20.18.1 || >=22`,
 * `>=18 <23`, `20.x`): enough to skip a library version a runtime cannot run, with the
 * range in the reason, without a dependency for one check.
 */
type Triple = [number, number, number];

function parse(version: string): Triple | undefined {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(version.trim());
  if (!m) return undefined;
  const part = (s: string | undefined): number => (s === undefined || s === 'x' || s === '*' ? -1 : Number(s));
  return [Number(m[1]), part(m[2]), part(m[3])];
}

function compare(a: Triple, b: Triple): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `-1` parts (x, *, missing) become 0 for a lower bound. */
const floor = (t: Triple): Triple => [t[0], Math.max(t[1], 0), Math.max(t[2], 0)];

/** One comparator: `>=1.2.3`, `<2`, `^1.2`, `~1.2.3`, `1.x`, `1.2.3`, `*`. */
function comparator(version: Triple, token: string): boolean {
  if (token === '*' || token === '' || token === 'x') return true;
  const m = /^(>=|<=|>|<|=|\^|~)?\s*(.+)$/.exec(token);
  if (!m) return false;
  const op = m[1] ?? '';
  const bound = parse(m[2] ?? '');
  if (!bound) return false;
  const low = floor(bound);
  switch (op) {
    case '>=':
      return compare(version, low) >= 0;
    case '>':
      return compare(version, low) > 0;
    case '<=':
      return compare(version, low) <= 0;
    case '<':
      return compare(version, low) < 0;
    case '^': {
      // Same leftmost non-zero part; for engines that is the major.
      const upper: Triple = low[0] > 0 ? [low[0] + 1, 0, 0] : low[1] > 0 ? [0, low[1] + 1, 0] : [0, 0, low[2] + 1];
      return compare(version, low) >= 0 && compare(version, upper) < 0;
    }
    case '~': {
      const upper: Triple = bound[1] < 0 ? [low[0] + 1, 0, 0] : [low[0], low[1] + 1, 0];
      return compare(version, low) >= 0 && compare(version, upper) < 0;
    }
    default: {
      // A bare or partial version: 20, 20.x, 20.18.1.
      if (bound[1] < 0) return version[0] === bound[0];
      if (bound[2] < 0) return version[0] === bound[0] && version[1] === bound[1];
      return compare(version, bound) === 0;
    }
  }
}

/** `satisfies('22.19.0', '>=22.19.0')` → true. An unparseable version or range never satisfies. */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  if (!v || v[1] < 0 || v[2] < 0) return false;
  return range.split('||').some((alternative) => {
    // `1.2.3 - 2.3.4` (hyphen range)
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alternative);
    const tokens = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : alternative.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/);
    return tokens.every((token) => comparator(v, token));
  });
}
