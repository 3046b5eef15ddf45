/**
 * JSON Schemas of design files and technology files, for editors (`$schema` in a file gives
 * completion and checking). Generated from the same schemas the loader validates with.
 */
import { z } from 'zod';
import { designFileSchema } from './schema.js';
import { technologyOverlaySchema } from '../technology/schema.js';

type Json = Record<string, unknown>;

/** In data files a number may also be written `{ value, source, note }`. */
function allowSourcedNumbers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowSourcedNumbers);
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) out[k] = allowSourcedNumbers(v);
  if (obj['type'] === 'number' || obj['type'] === 'integer') {
    const { description, ...plain } = out;
    return {
      ...(description === undefined ? {} : { description }),
      anyOf: [
        plain,
        {
          type: 'object',
          properties: {
            value: plain,
            source: { type: 'array', items: { type: 'string' }, minItems: 1 },
            note: { type: 'string' },
          },
          required: ['value', 'source'],
          additionalProperties: false,
        },
      ],
    };
  }
  return out;
}

export function technologyJsonSchema(): Json {
  const schema = allowSourcedNumbers(z.toJSONSchema(technologyOverlaySchema, { io: 'input' })) as Json;
  return { ...schema, title: 'chiplet-dse technology file' };
}

export function designJsonSchema(): Json {
  const schema = z.toJSONSchema(designFileSchema, { io: 'input' }) as Json;
  const { $schema: _s, title: _t, ...techBody } = technologyJsonSchema();
  const ref = {
    $ref: '#/$defs/technology',
    description: 'Technology overrides (same form as a technology file).',
  };
  const props = schema['properties'] as Json;
  props['technology'] = ref;
  const variantProps = (((props['variants'] as Json | undefined)?.['items'] as Json | undefined)?.[
    'properties'
  ] ?? {}) as Json;
  if ('technology' in variantProps) variantProps['technology'] = ref;
  schema['$defs'] = { ...((schema['$defs'] as Json | undefined) ?? {}), technology: techBody };
  return { ...schema, title: 'chiplet-dse design file' };
}
