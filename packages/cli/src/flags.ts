/**
 * The schema of the CLI's value flags: each numeric or list flag is checked by one yargs `coerce`
 * built here, before any command runs, and a bad value is exit 2 naming the flag, the valid range
 * and what was given. Value flags take their value with `requiresArg`, so a value that starts with
 * '-' (`--shard -1/4`, `--hv-reference -5,10`) is read as the value, not as a flag.
 */
import { InputError } from '@chiplet-dse/core';
import { parseShard } from '@chiplet-dse/core/explore';

/** Bad usage (unknown flag, missing command): exit 2 with a pointer to --help. */
export class UsageError extends Error {}

export interface NumberRule {
  /** Whole numbers only. */
  integer?: boolean;
  min: number;
  /** The minimum itself is not allowed (a number > min). */
  exclusiveMin?: boolean;
  max?: number;
}

/** "an integer >= 1", "a number > 0", "an integer from 0 to 9007199254740991". */
export function describeRule(rule: NumberRule): string {
  const what = rule.integer === true ? 'an integer' : 'a number';
  if (rule.max !== undefined && rule.exclusiveMin !== true) return `${what} from ${rule.min} to ${rule.max}`;
  const low = `${rule.exclusiveMin === true ? '>' : '>='} ${rule.min}`;
  return rule.max === undefined ? `${what} ${low}` : `${what} ${low} and <= ${rule.max}`;
}

function found(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} values (${value.map((v) => String(v)).join(', ')})`;
  if (value === undefined || value === true || value === '') return 'no value';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function meets(n: number, rule: NumberRule): boolean {
  return (
    Number.isFinite(n) &&
    (rule.integer !== true || Number.isSafeInteger(n)) &&
    (rule.exclusiveMin === true ? n > rule.min : n >= rule.min) &&
    (rule.max === undefined || n <= rule.max)
  );
}

/** Checks a number against its rule; throws InputError naming the flag (or field) otherwise. */
export function checkNumber(flag: string, value: unknown, rule: NumberRule): number {
  const expected = describeRule(rule);
  if (Array.isArray(value)) throw InputError.at('', flag, `one value, ${expected}`, found(value));
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  if (!meets(n, rule)) throw InputError.at('', flag, expected, found(value));
  return n;
}

/** A yargs `coerce` for a numeric flag. */
export const numberFlag =
  (flag: string, rule: NumberRule) =>
  (value: unknown): number =>
    checkNumber(flag, value, rule);

/** A yargs `coerce` for a comma-separated list of numbers, each meeting `rule` when given. */
export const numberListFlag =
  (flag: string, rule?: NumberRule) =>
  (value: unknown): number[] => {
    const expected =
      rule === undefined ? 'comma-separated numbers' : `comma-separated numbers, each ${describeRule(rule)}`;
    if (typeof value !== 'string' && typeof value !== 'number')
      throw InputError.at('', flag, expected, found(value));
    const text = String(value);
    const parts = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s.trim())));
    if (parts.some((x) => !(rule === undefined ? Number.isFinite(x) : meets(x, rule))))
      throw InputError.at('', flag, expected, JSON.stringify(text));
    return parts;
  };

/** A yargs `coerce` for `--shard i/n`: checked here, returned as given. */
export const shardFlag = (value: unknown): string => {
  if (typeof value !== 'string') throw InputError.at('', '--shard', 'i/n with 0 <= i < n', found(value));
  parseShard(value);
  return value;
};

/** Every count flag: a whole number of at least 1. */
export const COUNT: NumberRule = { integer: true, min: 1 };
/** Seeds, as the design file's `space.strategy.seed`. */
export const SEED: NumberRule = { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER };
/** Seconds. */
export const SECONDS: NumberRule = { min: 0, exclusiveMin: true };
/** Epsilon-box sizes. */
export const POSITIVE: NumberRule = { min: 0, exclusiveMin: true };
