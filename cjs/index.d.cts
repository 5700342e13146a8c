// Types of require('muxbench'): the strategy helpers (their CommonJS build), and the API
// from the ES module build's declarations.
export * from '../dist/cjs/strategy-helpers.js';
import type * as api from '../dist/api.js' with { 'resolution-mode': 'import' };

export type RunOptions = api.RunOptions;
export type VerifyOptions = api.VerifyOptions;
export type CompareOptions = api.CompareOptions;
export type CompareOutcome = api.CompareOutcome;
export type VerifyOutcome = api.VerifyOutcome;
export type Results = api.Results;
export type RunOutcome = api.RunOutcome;
export type RunVerdict = api.RunVerdict;
export type RunEvent = api.RunEvent;
export type Comparison = api.Comparison;
export type ApiHooks = api.ApiHooks;
export declare const run: typeof api.run;
export declare const verify: typeof api.verify;
export declare const compare: typeof api.compare;
