/**
 * The probes of `npm run bench:gate -- --one-run`: http2-single-session three times in one
 * run (bench/cpu-burn.ts): `h2-burn-0` (old), `h2-burn-0-copy` (an A/A twin) and
 * `h2-burn-probe` (new), which burns MUXBENCH_PROBE_BURN_US µs of CPU after every
 * response (default 4). The workers inherit the variable from the run.
 */
import { burning, burn0 } from './cpu-burn.js';

export const PROBE_BURN_US = Number(process.env.MUXBENCH_PROBE_BURN_US ?? '4');
export const OLD_ID = burn0.id;
export const TWIN_ID = 'h2-burn-0-copy';
export const NEW_ID = 'h2-burn-probe';

export const old = burn0;
export const twin = burning(0, TWIN_ID);
export const probe = burning(PROBE_BURN_US, NEW_ID);
