/** Every diagnosis rule, in the order verdicts are listed, and the one entry point. */
import type { CaseResult, NotJudged, Verdict } from '../results.js';
import { connectionPerRequest } from './rules/connection-per-request.js';
import { downgrade } from './rules/downgrade.js';
import { coldBurstFanOut } from './rules/fan-out.js';
import { reconnectOnGoaway } from './rules/goaway.js';
import { idleConnectionsKept } from './rules/idle-kept.js';
import { keepAliveRace } from './rules/keepalive-race.js';
import { refusedStreams } from './rules/refused-streams.js';
import { serializedMultiplexing } from './rules/serialized.js';
import { unusedConnection } from './rules/unused-connection.js';
import type { DiagnoseInput, Rule } from './types.js';

export const rules: readonly Rule[] = [
  downgrade,
  coldBurstFanOut,
  connectionPerRequest,
  serializedMultiplexing,
  unusedConnection,
  refusedStreams,
  reconnectOnGoaway,
  keepAliveRace,
  idleConnectionsKept,
];

/** One verdict per rule for a measured case; none for a case that did not measure. See judge() for rules not judged. */
export function diagnose(input: DiagnoseInput): Verdict[] {
  return judge(input).verdicts;
}

/** Why a rule with that need cannot be judged on the case; undefined when it can. */
export function unmetNeed(need: Rule['needs'], result: CaseResult): string | undefined {
  if (result.requests.ok > 0) return undefined;
  switch (need) {
    case 'success':
      return 'no request succeeded';
    case 'connection':
      return result.connections.opened > 0 ? undefined : 'no request succeeded and no connection was opened';
    default: {
      const exhaustive: never = need;
      throw new Error(`unknown need ${String(exhaustive)}`);
    }
  }
}

/**
 * The verdicts of a measured case, and the rules it gave nothing to judge on: when no
 * request succeeded, "ok" from a rule about connections is a claim about traffic that
 * never happened (a client whose every request threw before dialling opened "no
 * connection" and "peak 0 streams"), so it is not judged; a warn or fail still stands.
 */
export function judge(input: DiagnoseInput): { verdicts: Verdict[]; notJudged: NotJudged[] } {
  const verdicts: Verdict[] = [];
  const notJudged: NotJudged[] = [];
  if (input.result.status !== 'ok') return { verdicts, notJudged };
  for (const rule of rules) {
    const v = rule.check(input);
    const unmet = v.severity === 'ok' ? unmetNeed(rule.needs, input.result) : undefined;
    if (unmet !== undefined) notJudged.push({ rule: rule.id, reason: unmet });
    else verdicts.push(v);
  }
  return { verdicts, notJudged };
}
