/** Singular or plural by count: "1 design", "2 designs", "1,920 points". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** The count (en-US grouping) and the noun in agreement with it. */
export function count(n: number, one: string, many?: string): string {
  return `${n.toLocaleString('en-US')} ${plural(n, one, many)}`;
}
