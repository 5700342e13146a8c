/**
 * The probe of `npm run bench:gate -- --two-run`: http2-single-session under one id,
 * `h2-gated`, in every run, burning MUXBENCH_PROBE_BURN_US µs of CPU after every response
 * (bench/cpu-burn.ts; default 0). The base run sets 0 and the new run the burn, so the
 * two results files hold the same strategy id and the declared gate names it.
 */
import { burning } from './cpu-burn.js';

export const GATED_ID = 'h2-gated';
export const gated = burning(Number(process.env.MUXBENCH_PROBE_BURN_US ?? '0'), GATED_ID);
