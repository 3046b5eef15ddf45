/**
 * A lock file for an output folder (or file) held for the length of a run, so that two runs never
 * write the same outputs at once: created exclusively (O_CREAT | O_EXCL), holding the holder's pid,
 * host, start time and command. A second run is refused naming the holder; a lock left by a process
 * that is no longer running on this host is taken over with a note; the holder removes it when it
 * finishes, and on exit.
 */
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { InputError, OutputError } from '../errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601 time the holder took the lock. */
  started: string;
  command: string;
}

export interface HeldLock {
  readonly file: string;
  /** Set when a stale lock was taken over: say so on stderr. */
  readonly note: string | undefined;
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

export interface LockOptions {
  /** The flag that named the locked path, for messages (e.g. "--out"). */
  flag: string;
  /** The locked path, for messages. */
  target: string;
  /** What the holder runs, recorded for the next one's message. */
  command: string;
}

/** Tries per acquisition: a lost race with another taker of a stale lock is tried again. */
const ATTEMPTS = 3;

function readHolder(file: string): { text: string; holder: LockHolder | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string')
      return {
        text,
        holder: {
          pid: h.pid,
          host: h.host,
          started: String(h.started ?? '?'),
          command: String(h.command ?? '?'),
        },
      };
  } catch {
    // Not JSON: a lock being written, or one cut short by a crash.
  }
  return { text, holder: undefined };
}

/** Whether a process with this pid runs on this host (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates `file` exclusively with `text`; false when it exists. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new OutputError(file, (err as Error).message);
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes the stale lock `file` if it still holds `staleText`. A guard file created exclusively
 * makes the check and the removal one step, so two runs taking over the same stale lock cannot
 * both remove it (the second would remove the first one's fresh lock).
 */
function removeStale(file: string, staleText: string): void {
  const guard = `${file}.takeover`;
  if (!createExclusive(guard, JSON.stringify({ pid: process.pid, host: hostname() }))) {
    // Another run is taking it over, or died doing so: remove a guard whose process is gone.
    const g = readHolder(guard);
    if (g?.holder !== undefined && g.holder.host === hostname() && !alive(g.holder.pid)) {
      try {
        unlinkSync(guard);
      } catch {
        // Someone else removed it.
      }
    }
    return;
  }
  try {
    if (readHolder(file)?.text === staleText) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

/**
 * Takes the lock `file`, or throws an InputError naming its holder. The returned lock is released
 * by `release()` and, failing that, when the process exits (not on SIGKILL: the next run then finds
 * a stale lock of a dead pid and takes it over).
 */
export function acquireLock(file: string, options: LockOptions): HeldLock {
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command: options.command,
  };
  const text = `${JSON.stringify(me, null, 2)}\n`;
  let note: string | undefined;
  let last: ReturnType<typeof readHolder>;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(file, text)) {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        // Only our own lock: never one a later run took after ours was deleted by hand.
        if (readHolder(file)?.text === text) {
          try {
            unlinkSync(file);
          } catch {
            // Already gone.
          }
        }
      };
      process.on('exit', release);
      return { file, note, release };
    }
    last = readHolder(file);
    if (last !== undefined && last.holder === undefined) {
      // Maybe caught between its creation and its first write: look again once.
      sleepMs(100);
      last = readHolder(file);
    }
    const h = last?.holder;
    if (last === undefined) continue; // removed meanwhile: try again
    if (h !== undefined && h.host === me.host && h.pid !== me.pid && !alive(h.pid)) {
      removeStale(file, last.text);
      note = `note: ${options.flag} ${options.target}: took over the lock ${file} of pid ${h.pid} (started ${h.started}), which is no longer running on this host`;
      continue;
    }
    break;
  }
  const h = last?.holder;
  const holder =
    h === undefined
      ? 'a lock whose holder is not recorded (cut short by a crash?)'
      : `a lock held by pid ${h.pid} on ${h.host} since ${h.started} (${h.command})`;
  const gone =
    h !== undefined && h.host === me.host
      ? `if pid ${h.pid} is not a chiplet-dse run (a reused pid), delete ${file}`
      : `if that run is gone, delete ${file}`;
  throw InputError.at(
    '',
    options.flag,
    `${options.target} not in use by another run`,
    `${holder}: ${file}; wait for that run to finish or use another ${options.flag}; ${gone}`,
  );
}
