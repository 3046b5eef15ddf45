/**
 * Errors the toolkit distinguishes. InputError and PluginError are the user's to fix (bad file,
 * bad field, bad plugin): the CLI prints their message without a stack trace and exits with 2.
 * ModelError means a model produced something it must never produce (NaN, Infinity): exit 1.
 */

export interface InputIssueAt {
  /** The file the problem is in ('' when it did not come from a file, e.g. a CLI flag). */
  file: string;
  /** Field path, e.g. "chiplets[1].areaMm2" ('' for the whole file). */
  path: string;
  expected: string;
  found: string;
}

function formatIssue(issue: InputIssueAt): string {
  const where = [issue.file, issue.path].filter((s) => s !== '').join(': ');
  return `${where === '' ? '' : `${where}: `}expected ${issue.expected}, found ${issue.found}`;
}

export class InputError extends Error {
  readonly issues: readonly InputIssueAt[];
  /** The line above the issues (e.g. `in design "x":`), if any. */
  readonly summary: string | undefined;
  constructor(issues: readonly InputIssueAt[], summary?: string) {
    const lines = issues.map(formatIssue);
    super(
      summary === undefined
        ? lines.join('\n')
        : `${summary}${lines.length > 0 ? `\n${lines.map((l) => `  ${l}`).join('\n')}` : ''}`,
    );
    this.name = 'InputError';
    this.issues = issues;
    this.summary = summary;
  }

  static at(file: string, path: string, expected: string, found: string): InputError {
    return new InputError([{ file, path, expected, found }]);
  }

  /**
   * One error listing the issues of several (e.g. of every design case of a file), each issue
   * once: an issue an earlier error already listed is left out, and an error left empty is too.
   */
  static combine(errors: readonly InputError[]): InputError {
    if (errors.length === 1) return errors[0]!;
    const seen = new Set<string>();
    const key = (i: InputIssueAt) => JSON.stringify([i.file, i.path, i.expected, i.found]);
    const parts: InputError[] = [];
    for (const e of errors) {
      const fresh = e.issues.filter((i) => !seen.has(key(i)));
      for (const i of e.issues) seen.add(key(i));
      if (e.issues.length === 0) parts.push(e);
      else if (fresh.length === e.issues.length) parts.push(e);
      else if (fresh.length > 0) parts.push(new InputError(fresh, e.summary));
    }
    const combined = new InputError(parts.flatMap((p) => p.issues));
    combined.message = parts.map((p) => p.message).join('\n');
    return combined;
  }
}

/** A plugin that cannot be loaded or registered: wrong shape, wrong API version, duplicate id. */
export class PluginError extends Error {
  readonly plugin: string;
  constructor(plugin: string, message: string) {
    super(`plugin ${plugin}: ${message}`);
    this.name = 'PluginError';
    this.plugin = plugin;
  }
}

/** A model broke its contract (non-finite output, a yield outside (0, 1]). A bug, not bad input. */
export class ModelError extends Error {
  readonly pluginId: string;
  constructor(pluginId: string, message: string) {
    super(`model error in plugin ${pluginId}: ${message}`);
    this.name = 'ModelError';
    this.pluginId = pluginId;
  }
}

/**
 * An output file could not be written completely (disk full, file-size limit, permissions). The
 * write was abandoned and the previous file, if any, is unchanged: exit 1, no stack trace.
 */
export class OutputError extends Error {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`cannot write ${file}: ${reason}; the previous file, if any, is unchanged`);
    this.name = 'OutputError';
    this.file = file;
  }
}

/** Short description of a found value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
