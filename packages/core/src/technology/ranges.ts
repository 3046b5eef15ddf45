/**
 * Physical ranges of numeric input fields (docs/design-files.md, docs/technology-library.md): a
 * value outside its range is bad input (exit 2) naming the field and the range, never a number a
 * model turns into Infinity. The bounds are generous; they catch units mix-ups and typos, not
 * unusual designs.
 */
import { z } from 'zod';

function fmt(n: number): string {
  const exp = Math.log10(Math.abs(n));
  return Math.abs(n) >= 1e4 && Number.isInteger(exp) ? `1e${exp}` : String(n);
}

/**
 * A finite number in [min, max] (or (min, max] with `minExclusive`). The message of either bound
 * names the whole range; zodIssues.ts reports it as the expected value.
 */
export function range(min: number, max: number, opts: { minExclusive?: boolean; int?: boolean } = {}) {
  const text = `${opts.int === true ? 'an integer' : 'a number'} in ${opts.minExclusive === true ? '(' : '['}${fmt(min)}, ${fmt(max)}]`;
  const base = opts.int === true ? z.number().int({ error: text }) : z.number();
  return (opts.minExclusive === true ? base.gt(min, { error: text }) : base.min(min, { error: text })).max(
    max,
    { error: text },
  );
}

/** (0, max]: a positive quantity. */
export const posUpTo = (max: number) => range(0, max, { minExclusive: true });
/** [0, max]: a quantity that may be zero. */
export const upTo = (max: number) => range(0, max);
/** A yield or probability in (0, 1]. */
export const yieldFraction = () => range(0, 1, { minExclusive: true });
/** A share in [0, 1]. */
export const fraction = () => range(0, 1);
