/**
 * For Node children muxbench starts with an IPC channel (workers, the ping server):
 * exit when muxbench is gone. The kernel closes the channel when muxbench dies, even of
 * SIGKILL, which Node reports as 'disconnect'; the parent pid is polled as well, for a
 * channel a library keeps open or a child started without one.
 */
/** How often a child (and a guardian, guardian.ts) checks its parent is still the one it started with. */
export const PARENT_POLL_MS = 250;

export function watchParent(onGone: () => void = () => process.exit(0)): void {
  const parent = process.ppid;
  let called = false;
  const gone = (): void => {
    if (called) return;
    called = true;
    onGone();
  };
  if (process.send) process.once('disconnect', gone);
  setInterval(() => {
    if (process.ppid !== parent) gone();
  }, PARENT_POLL_MS).unref();
}
