/**
 * Artillery for the engine's test, installed like the matrix runtimes: into the muxbench
 * cache, once, on demand (not a devDependency: artillery 2.0.34 is a large install for
 * every `npm ci`), and run on the Node it needs (≥ 22.18) from the same cache.
 */
import path from 'node:path';
import { cacheRoot, installOnce } from '../../src/runtimes/cache.js';
import { resolveNode } from '../../src/runtimes/node-runtime.js';

export const ARTILLERY_VERSION = '2.0.34';

export async function artilleryRuntime(progress: (line: string) => void = () => {}): Promise<{ node: string; cli: string }> {
  const node = await resolveNode('26', progress);
  const dir = path.join(cacheRoot(), 'artillery', ARTILLERY_VERSION);
  // Without --ignore-scripts the install fails on a machine that reaches only the npm
  // registry: @playwright/browser-chromium (for Artillery's browser engine, which the
  // muxbench engine does not use) downloads a browser in its postinstall.
  await installOnce(dir, [`artillery@${ARTILLERY_VERSION}`], `Artillery ${ARTILLERY_VERSION}`, progress, 'check the network and the npm registry', { ignoreScripts: true });
  return { node: node.bin, cli: path.join(dir, 'node_modules', 'artillery', 'bin', 'run') };
}
