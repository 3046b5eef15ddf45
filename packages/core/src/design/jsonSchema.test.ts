import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { designJsonSchema, technologyJsonSchema } from './jsonSchema.js';

const committed = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8')) as unknown;

describe('published JSON Schemas', () => {
  // Editors read these files through `$schema`; regenerate with
  // `chiplet-dse schema design > packages/core/schema/design.schema.json` (and technology).
  it('match the schemas the loader validates with', () => {
    expect(committed('design.schema.json')).toEqual(designJsonSchema());
    expect(committed('technology.schema.json')).toEqual(technologyJsonSchema());
  });

  it('let numbers in technology files carry sources', () => {
    const s = JSON.stringify(technologyJsonSchema());
    expect(s).toContain('"source"');
    expect(s).toContain('"anyOf"');
  });
});
