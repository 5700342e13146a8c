/**
 * Why a planned case does not run, known before it starts; undefined when it runs. One
 * place for the runner (which records the reason) and the warm-up (which picks cases that
 * will run).
 */
import { projectLibrarySkip } from '../runtimes/capture.js';
import type { Target } from '../targets/types.js';
import type { PlannedCase } from './plan.js';

export function caseSkipReason(planned: PlannedCase, target: Target): string | undefined {
  const ctx = { origin: target.origin, tls: target.tls, ...(target.h2cOnly ? { h2cOnly: true } : {}) };
  // A user's strategy file imports its libraries from the user's project, not muxbench's.
  const node = planned.variant ? { id: planned.variant.node.id, version: planned.variant.node.version } : { id: 'this Node', version: process.versions.node };
  const libSkip = planned.strategyFile === undefined ? projectLibrarySkip(planned.strategy.library, node) : undefined;
  return planned.skipReason ?? planned.variant?.skipReason ?? libSkip ?? planned.strategy.unsupported?.(ctx);
}
