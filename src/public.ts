/**
 * What a user strategy file may import: `import type { Strategy } from 'muxbench'`.
 * The types of a strategy, the helpers the built-in strategies use, and the helpers for
 * counting connections of a library the tap cannot see (see README, "Your own client").
 */
export type { Strategy, StrategyClient, StrategyContext } from './strategies/types.js';
export { HttpStatusError, checkStatus, tlsOptions } from './strategies/types.js';
export type { ConnectionLedger } from './ledger/ledger.js';
export { trackRequest, trackSocket, type TrackableSocket } from './ledger/track.js';
