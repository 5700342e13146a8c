/**
 * `burst/undici-h2: conns.cold<=1, p99<50, errors==0` → thresholds. The selector is
 * `scenario/strategy` where either side may be `*`; each expression is a metric name
 * from report/metrics.ts, an operator and a plain number in the metric's unit. Every
 * mistake is one UsageError line that quotes the input and says what to write.
 */
import { UsageError } from '../errors.js';
import { METRICS, findMetric } from '../report/metrics.js';
import type { Operator, Threshold } from '../results/thresholds.js';

const EXAMPLE = "e.g. 'burst/undici-h2: conns.cold<=1, p99<50, errors==0'";
const ID = /^(?:\*|[A-Za-z0-9][\w.-]*)$/;
const EXPRESSION = /^([a-z][\w.]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)$/;

export function parseThreshold(raw: string, source: string): Threshold[] {
  const where = `${source} '${raw}'`;
  const colon = raw.indexOf(':');
  if (colon < 0) throw new UsageError(`${where}: expected 'scenario/strategy: metric<value, …', ${EXAMPLE}`);
  const selector = raw.slice(0, colon).trim();
  const [scenario, strategy, extra] = selector.split('/').map((s) => s.trim());
  if (scenario === undefined || strategy === undefined || extra !== undefined || !ID.test(scenario) || !ID.test(strategy)) {
    throw new UsageError(`${where}: '${selector}' is not 'scenario/strategy' (either may be *), ${EXAMPLE}`);
  }
  const expressions = raw.slice(colon + 1).split(',').map((s) => s.trim());
  if (expressions.every((e) => e === '')) throw new UsageError(`${where}: no condition after ':', ${EXAMPLE}`);
  return expressions.map((expression) => {
    if (expression === '') throw new UsageError(`${where}: an empty condition between commas`);
    const m = EXPRESSION.exec(expression);
    const name = /^[a-z][\w.]*/.exec(expression)?.[0];
    if (name !== undefined && !findMetric(name)) {
      throw new UsageError(`${where}: unknown metric '${name}'; choose from ${METRICS.map((x) => x.id).join(', ')}`);
    }
    if (!m) throw new UsageError(`${where}: '${expression}' is not 'metric op number' (op: < <= > >= == !=), e.g. 'p99<50'`);
    const [, metric = '', op = '<', limit = '0'] = m;
    return { scenario, strategy, metric, op: op as Operator, limit: Number(limit), source, text: `${scenario}/${strategy}: ${metric}${op}${limit}` };
  });
}

export function holds(value: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
  }
}
