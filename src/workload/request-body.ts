/**
 * --request-bytes for programs that read a request body from a file (h2load's -d, a
 * client command's {body}): the same bytes a worker's strategy POSTs (ctx.requestBody).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The body every ping carries: `bytes` bytes of 'x'. */
export function requestBody(bytes: number): Buffer {
  return Buffer.alloc(bytes, 'x');
}

/** A file holding the request body in `dir` (a directory the caller removes); its path. */
export async function writeBodyFile(dir: string, bytes: number): Promise<string> {
  const file = path.join(dir, 'request-body');
  await writeFile(file, requestBody(bytes));
  return file;
}
