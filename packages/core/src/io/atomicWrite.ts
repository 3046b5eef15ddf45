/**
 * Atomic, checked file replacement: write every byte to a sibling temporary file (a short write
 * is retried, a write that makes no progress or fails is an error), flush it to disk, then rename
 * it over the target. A kill or a failure at any moment leaves either the old or the new file,
 * never a torn one; a failure removes the temporary file and throws OutputError.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors.js';

function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EFBIG':
      return 'the file would exceed the file-size limit (EFBIG)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'disk quota exceeded (EDQUOT)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code})`;
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'EISDIR':
      return 'the path is a folder (EISDIR)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    default:
      return e?.message ?? String(err);
  }
}

/** Writes all of `data` to `fd`, retrying short writes; throws when a write makes no progress. */
function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) {
    const n = writeSync(fd, data, offset, data.length - offset);
    if (n <= 0) throw new Error(`the write stopped after ${offset} of ${data.length} bytes`);
    offset += n;
  }
}

export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(tmp, 'w');
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already failing: the first error is the one to report.
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // No temporary file was made.
    }
    throw new OutputError(file, reasonOf(err));
  }
}
