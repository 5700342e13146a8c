/**
 * `import { run, verify, compare } from 'muxbench'`: the programmatic API (api.ts), and what a
 * user strategy file imports (`import type { Strategy } from 'muxbench'`, the helpers in
 * strategy-helpers.ts). Nothing else is public; `muxbench/ledger` has the counting helpers alone.
 */
export * from './strategy-helpers.js';
export { run, verify, compare } from './api.js';
export type {
  ApiHooks,
  CompareOptions,
  CompareOutcome,
  Comparison,
  Results,
  RunEvent,
  RunOptions,
  RunOutcome,
  RunVerdict,
  VerifyOptions,
  VerifyOutcome,
} from './api.js';
export { MuxbenchError, RunError, UsageError } from './errors.js';
