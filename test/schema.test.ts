/** Every example validates against the published JSON Schema an editor would use. */
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers/runCli.js';

const schema = JSON.parse(
  readFileSync(join(REPO_ROOT, 'packages/core/schema/design.schema.json'), 'utf8'),
) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = ajv.compile(schema);
const examples = readdirSync(join(REPO_ROOT, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('design JSON Schema', () => {
  it.each(examples)('accepts examples/%s and points to it with $schema', (file) => {
    const text = readFileSync(join(REPO_ROOT, 'examples', file), 'utf8');
    const data = parse(text) as Record<string, unknown>;
    expect(data['$schema']).toBe('../packages/core/schema/design.schema.json');
    const ok = validate(data);
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects what the loader rejects: an unknown field, a negative area', () => {
    const base = {
      name: 'x',
      system: { volumeUnits: 1 },
      chiplets: [{ id: 'a', areaMm2: 1, node: 'n7', powerW: 1 }],
      package: { approach: 'monolithic' },
    };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, colour: 'red' })).toBe(false);
    expect(validate({ ...base, chiplets: [{ id: 'a', areaMm2: -1, node: 'n7', powerW: 1 }] })).toBe(false);
  });
});
