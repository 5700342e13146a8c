/**
 * What a strategy file uses at run time: the types of a strategy, the helpers the built-in
 * strategies use, and the helpers for counting connections of a library the tap cannot see
 * (docs/strategy-files.md). Stateless, and free of `import.meta`, so the same modules also
 * compile to CommonJS (tsconfig.cjs.json) for `require('muxbench')`.
 */
export type { Strategy, StrategyClient, StrategyContext } from './strategies/types.js';
export { HttpStatusError, checkStatus, tlsOptions } from './strategies/types.js';
export type { ConnectionLedger, ConnectionRecord } from './ledger/ledger.js';
export { trackRequest, trackSocket, type TrackableSocket } from './ledger/track.js';
