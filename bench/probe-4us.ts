/**
 * Old against new in one run, for docs/release-gate.md: the same client twice, the new
 * one burning 4 µs of CPU per response (bench/cpu-burn.ts).
 *
 *   npx muxbench run --strategy-file bench/probe-4us.ts --scenario throughput --precision 3% --max-time 60
 *   npx muxbench compare results/<file>.json --a h2-burn-0 --b h2-burn-4 --gate throughput/h2-burn-4/throughput
 */
export { burn0, burn4 } from './cpu-burn.js';
