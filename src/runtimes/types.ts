/** A variant: one Node runtime with one set of measured libraries. Plain data. */
import type { NodeRuntime } from './node-runtime.js';

export interface Variant {
  /** Column header of the matrix, the key of `compare --a/--b`: node26, node26+undici@7.30.2, current. */
  id: string;
  node: NodeRuntime;
  /** The directory whose node_modules holds the measured libraries (the worker resolves them from here). */
  librariesDir: string;
  /** name → version installed there, as the parent sees it (the worker records what it really resolved). */
  packages: Record<string, string>;
  /** The runtime cannot run a library version of this set (its `engines`): every case is skipped with this reason. */
  skipReason?: string;
}

/** The libraries whose versions a variant chooses: what the built-in strategies measure. */
export const MEASURED_LIBRARIES = ['undici', 'got', 'http2-wrapper'] as const;

/**
 * Libraries other built-in strategies measure (axios, gRPC, the AWS SDK's HTTP/2 handler),
 * always from muxbench's own install, on every variant: every version of them runs on
 * every Node muxbench supports (their `engines`, checked per case by
 * `projectLibrarySkip`), so a variant's library set has nothing to choose for them. The
 * worker records the version it really loaded, as it does for the measured libraries.
 */
export const PROJECT_LIBRARIES = ['axios', '@grpc/grpc-js', '@smithy/node-http-handler'] as const;
