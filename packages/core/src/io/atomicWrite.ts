/**
 * Atomic, checked file replacement: write every byte to a sibling temporary file (a short write
 * is retried, a write that makes no progress or fails is an error), flush it to disk, then rename
 * it over the target. A kill or a failure at any moment leaves either the old or the new file,
 * never a torn one; a failure removes the temporary file and throws OutputError.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, write, writeSync } from 'node:fs';
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

/** The temporary file beside `file` that an atomic write of `file` goes through. */
function tempFileFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
}

export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const tmp = tempFileFor(file);
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

/**
 * The streamed form of writeFileAtomic, for output too large to hold (`sweep --all-points`):
 * chunks go to a sibling temporary file as they come, one asynchronous write at a time (a short
 * write is resumed, a write that makes no progress or fails is an error); `finish()` flushes and
 * fsyncs it, `publish()` renames it over the target. Back-pressure: `write()` returns false once
 * more than `highWaterMark` bytes wait, and `drain()` resolves when they are below it again.
 *
 * The first failure removes the temporary file at once (freeing the disk), drops what is queued
 * and is kept as `failed`: later writes are ignored and `finish()` throws it. `discard()` removes
 * the temporary file of a stream that is not to be published. The target is only ever replaced
 * whole, by `publish()`.
 */
export class AtomicFileStream {
  /** The temporary file beside the target. */
  readonly tempFile: string;
  private fd: number | undefined;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  private error: OutputError | undefined;
  private waiters: (() => void)[] = [];
  /** Discarded or failed: a write that returns then removes the temporary file. */
  private abandoned = false;

  /** Creates the temporary file (and the target's folder); throws OutputError if it cannot. */
  constructor(
    readonly file: string,
    private readonly highWaterMark = 1 << 20,
  ) {
    this.tempFile = tempFileFor(file);
    try {
      mkdirSync(dirname(file), { recursive: true });
      this.fd = openSync(this.tempFile, 'w');
    } catch (err) {
      this.fail(err);
      throw this.error!;
    }
  }

  /** The first write failure, if any (the temporary file is already removed). */
  get failed(): OutputError | undefined {
    return this.error;
  }

  /** Queues a chunk; false when the caller should wait for drain() before writing more. */
  write(chunk: string | Uint8Array): boolean {
    if (this.error !== undefined || this.fd === undefined) return false;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    if (buf.length > 0) {
      this.queue.push(buf);
      this.queued += buf.length;
      this.pump();
    }
    return this.queued < this.highWaterMark;
  }

  /** Resolves when fewer than highWaterMark bytes wait, or the stream failed. Never rejects. */
  drain(): Promise<void> {
    return this.waitFor(() => this.queued < this.highWaterMark);
  }

  /** Writes what is queued, fsyncs and closes the temporary file; throws the failure if any. */
  async finish(): Promise<void> {
    await this.waitFor(() => this.queued === 0 && !this.writing);
    if (this.error === undefined && this.fd !== undefined) {
      try {
        fsyncSync(this.fd);
        const fd = this.fd;
        this.fd = undefined;
        closeSync(fd);
      } catch (err) {
        this.fail(err);
      }
    }
    if (this.error !== undefined) throw this.error;
  }

  /** Renames the finished temporary file over the target (after finish()). */
  publish(): void {
    if (this.error !== undefined) throw this.error;
    try {
      renameSync(this.tempFile, this.file);
    } catch (err) {
      this.fail(err);
      throw this.error!;
    }
  }

  /** Abandons the stream: the temporary file is removed, the target left as it was. */
  discard(): void {
    this.abandoned = true;
    this.queue.length = 0;
    this.queued = 0;
    this.removeTemp();
    this.wake();
  }

  private waitFor(ready: () => boolean): Promise<void> {
    if (this.error !== undefined || ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.error !== undefined || this.fd === undefined || ready()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (this.writing || this.error !== undefined || this.fd === undefined) return;
    const buf = this.queue[0];
    if (buf === undefined) return;
    this.writing = true;
    write(this.fd, buf, 0, buf.length, null, (err, n) => {
      this.writing = false;
      if (this.abandoned) return this.removeTemp();
      if (err !== null) return this.fail(err);
      if (n <= 0) return this.fail(new Error(`a write stopped after 0 of ${buf.length} bytes`));
      if (n < buf.length) this.queue[0] = buf.subarray(n);
      else this.queue.shift();
      this.queued -= n;
      this.pump();
      this.wake();
    });
  }

  private fail(err: unknown): void {
    this.error ??= err instanceof OutputError ? err : new OutputError(this.file, reasonOf(err));
    this.abandoned = true;
    this.queue.length = 0;
    this.queued = 0;
    this.removeTemp();
    this.wake();
  }

  private removeTemp(): void {
    if (this.writing) return; // the write in progress holds the descriptor: closed when it returns
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already failing or abandoning: nothing more to report.
      }
      this.fd = undefined;
    }
    try {
      unlinkSync(this.tempFile);
    } catch {
      // Not made, or already removed.
    }
  }
}
