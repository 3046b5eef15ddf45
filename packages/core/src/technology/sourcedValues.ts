/**
 * Sourced values: in data files a number may be written `{ value, source: [ids], note }`.
 * `splitSourced` replaces each by its number and records the sources under its JSON path.
 */

interface Sourced {
  value: number;
  source: string[];
  note?: string;
}

function isSourced(v: unknown): v is Sourced {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const o = v as Record<string, unknown>;
  return (
    typeof o['value'] === 'number' &&
    Array.isArray(o['source']) &&
    (o['source'] as unknown[]).every((s) => typeof s === 'string') &&
    keys.every((k) => k === 'value' || k === 'source' || k === 'note')
  );
}

export function splitSourced(data: unknown, provenance: Record<string, string[]>, path = ''): unknown {
  if (isSourced(data)) {
    provenance[path] = [...data.source];
    return data.value;
  }
  if (Array.isArray(data)) return data.map((item, i) => splitSourced(item, provenance, `${path}[${i}]`));
  if (data !== null && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) {
      out[k] = splitSourced(v, provenance, path === '' ? k : `${path}.${k}`);
    }
    return out;
  }
  return data;
}
