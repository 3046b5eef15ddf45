/**
 * Sweep progress on stderr: a self-updating line on a terminal, plain periodic lines otherwise,
 * nothing when quiet. Rates and ETA come from wall time since the start.
 */
export interface ProgressSink {
  update(done: number, total: number, failed: number): void;
  finish(done: number, total: number, failed: number): void;
}

function fmtDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${s.toFixed(0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export function progressLine(done: number, total: number, failed: number, elapsedS: number): string {
  const rate = elapsedS > 0 ? done / elapsedS : 0;
  const pct = total > 0 ? (100 * done) / total : 100;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${total === 1 ? 'point' : 'points'} (${pct.toFixed(1)} %), ${Math.round(rate).toLocaleString('en-US')} ${Math.round(rate) === 1 ? 'point' : 'points'}/s, ETA ${fmtDuration(eta)}${failed > 0 ? `, ${failed} failed` : ''}`;
}

export function createProgress(options: {
  quiet: boolean;
  isTty: boolean;
  write: (s: string) => void;
  /** Seconds between plain lines when not on a terminal. */
  intervalS?: number;
  now?: () => number;
}): ProgressSink {
  const now = options.now ?? (() => performance.now() / 1000);
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  const interval = options.isTty ? 0.2 : (options.intervalS ?? 10);
  return {
    update(done, total, failed) {
      if (options.quiet) return;
      const t = now();
      if (t - last < interval) return;
      last = t;
      const line = progressLine(done, total, failed, t - start);
      options.write(options.isTty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    finish(done, total, failed) {
      if (options.quiet) return;
      const line = progressLine(done, total, failed, now() - start);
      options.write(options.isTty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}
