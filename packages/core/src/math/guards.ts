/**
 * Argument guards shared by the math modules. Callers validate user input upstream (design and
 * technology schemas); these only stop a bad number from silently turning into NaN or a negative
 * count deep inside a sweep. Messages name the parameter and echo the value.
 */

/** Throws a RangeError unless `value` is a finite number >= 0. */
export function assertNonNegative(value: number, name: string): void {
  if (!(value >= 0 && value < Infinity)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws a RangeError unless `value` is a finite number > 0. */
export function assertPositive(value: number, name: string): void {
  if (!(value > 0 && value < Infinity)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Throws a RangeError unless `value` lies in [0, 1]. */
export function assertFraction(value: number, name: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new RangeError(`${name} must be in [0, 1], got ${String(value)}`);
  }
}

/** Throws a RangeError unless `value` lies in (0, 1] (a yield we may divide by). */
export function assertYield(value: number, name: string): void {
  if (!(value > 0 && value <= 1)) {
    throw new RangeError(`${name} must be in (0, 1], got ${String(value)}`);
  }
}
