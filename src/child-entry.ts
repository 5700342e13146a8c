/**
 * Which file a child process of muxbench starts, and with which loader. Installed,
 * muxbench runs compiled JavaScript from dist/ and every child (the ping server, a case's
 * worker) is a plain `.js` file next to its parent module. From a source checkout (the
 * test suite runs src/ directly) the parent is a `.ts` module and its sibling is too, so
 * the child needs the TypeScript loader. See docs/architecture.md, "Processes".
 */
import { fileURLToPath } from 'node:url';

/** True when the calling module is TypeScript source (tests, a dev run), false in dist/. */
export function isSource(callerUrl: string): boolean {
  return callerUrl.endsWith('.ts');
}

/** The absolute URL of tsx's loader, for `--import`: resolved here, so no cwd needs tsx on its path. */
export function tsxImport(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}

/** `name`: a module next to `callerUrl`, without extension (e.g. './server-process'). */
export function childEntry(callerUrl: string, name: string): { file: string; execArgv: string[] } {
  if (isSource(callerUrl)) return { file: fileURLToPath(new URL(`${name}.ts`, callerUrl)), execArgv: tsxImport() };
  return { file: fileURLToPath(new URL(`${name}.js`, callerUrl)), execArgv: [] };
}

/** Whether a user's strategy file is TypeScript (and so needs the loader in its worker). */
export function isTypeScriptFile(file: string): boolean {
  return /\.[mc]?tsx?$/.test(file);
}
