import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from './suggest.js';

describe('did you mean', () => {
  it('measures edits, with a swap of neighbours as one', () => {
    expect(editDistance('chiplet', 'chiplets')).toBe(1);
    expect(editDistance('hbm3', 'hmb3')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests only names within typo distance, abbreviations first', () => {
    expect(closestName('chiplet', ['chiplets', 'memory'])).toBe('chiplets');
    expect(closestName('ucie_std', ['ucie_standard', 'ucie_3d'])).toBe('ucie_standard');
    expect(closestName('N7', ['n7', 'n5x'])).toBe('n7');
    expect(closestName('organic', ['si_interposer', 'glass_interposer'])).toBeUndefined();
    expect(didYouMean('poison', ['poisson', 'murphy'])).toBe('; did you mean "poisson"?');
    expect(didYouMean('zzz', ['poisson'])).toBe('');
  });
});
