import { describe, expect, it } from 'vitest';
import { PLUGIN_API_VERSION } from '../index.js';

describe('plugin contract', () => {
  it('has a positive integer API version', () => {
    expect(Number.isInteger(PLUGIN_API_VERSION)).toBe(true);
    expect(PLUGIN_API_VERSION).toBeGreaterThan(0);
  });
});
