import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv.js';

describe('CSV fields', () => {
  it('keeps a decimal point on whole values of float columns, and integers elsewhere', () => {
    expect(csvLine([7, 'n5', 0, 99.33, 1e21, Number.NaN], 2)).toBe('7,n5,0.0,99.33,1e+21,\n');
    expect(csvLine([7, 3, -2])).toBe('7,3,-2\n');
    expect(Number(csvField(12, true))).toBe(12);
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-5')).toBe('-5');
    expect(csvField('+1.5e3')).toBe('+1.5e3');
    expect(csvField('2.5d')).toBe('2.5d');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
  });
});
