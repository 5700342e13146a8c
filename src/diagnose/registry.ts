/** Every diagnosis rule, in the order verdicts are listed, and the one entry point. */
import type { Verdict } from '../results.js';
import { connectionPerRequest } from './rules/connection-per-request.js';
import { downgrade } from './rules/downgrade.js';
import { coldBurstFanOut } from './rules/fan-out.js';
import { reconnectOnGoaway } from './rules/goaway.js';
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
];

/** One verdict per rule for a measured case; none for a case that did not measure. */
export function diagnose(input: DiagnoseInput): Verdict[] {
  if (input.result.status !== 'ok') return [];
  return rules.map((rule) => rule.check(input));
}
