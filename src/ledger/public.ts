/** `import { trackSocket, trackRequest } from 'muxbench/ledger'`: counting for libraries the tap cannot see. */
export { trackRequest, trackSocket, type TrackableSocket } from './track.js';
export type { ConnectionLedger, ConnectionRecord } from './ledger.js';
