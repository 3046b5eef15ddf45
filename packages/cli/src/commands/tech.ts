import { buildTechnologyLibrary, InputError, type TechnologyLibrary } from '@chiplet-dse/core';
import { resolve } from 'node:path';
import { registryFor, type CliIo, type GlobalArgs } from '../context.js';
import { ellipsis, renderTable, wrapText, type Row } from '../format/table.js';
import { formatByUnit } from '../format/units.js';

export interface TechArgs extends GlobalArgs {
  preset?: string | undefined;
  section?: string | undefined;
  json?: boolean | undefined;
  list?: boolean | undefined;
}

export const SECTIONS = [
  'nodes',
  'carriers',
  'bonding',
  'phys',
  'hbm',
  'materials',
  'cooling',
  'thermalCalibration',
  'test',
] as const;

function flatten(value: unknown, path: string, out: [string, unknown][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, `${path}.${k}`, out);
  } else if (Array.isArray(value) && value.some((x) => x !== null && typeof x === 'object')) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else out.push([path, value]);
}

/** A value as printed: numbers with the unit of their field name, lists comma-separated. */
export function techValue(path: string, value: unknown): string {
  if (typeof value === 'number') return formatByUnit(path, value);
  if (Array.isArray(value)) return value.map((v) => techValue(path, v)).join(', ');
  return String(value);
}

export function techRows(lib: TechnologyLibrary, section?: string): Row[] {
  const rows: Row[] = [];
  for (const s of SECTIONS) {
    if (section !== undefined && section !== s) continue;
    rows.push({ label: s, values: [], heading: true });
    const entries: [string, unknown][] = [];
    flatten(lib[s], s, entries);
    for (const [path, value] of entries) {
      const src = lib.provenance[path];
      rows.push({
        label: `  ${path.slice(s.length + 1)}`,
        values: [techValue(path, value), src === undefined ? '' : src.join(', ')],
      });
    }
  }
  return rows;
}

export async function runTech(args: TechArgs, io: CliIo): Promise<number> {
  if (args.section !== undefined && !(SECTIONS as readonly string[]).includes(args.section)) {
    throw InputError.at('', '--section', `one of ${SECTIONS.join(', ')}`, JSON.stringify(args.section));
  }
  const registry = await registryFor(args, io);
  if (args.list === true) {
    const presets = registry.presets().map((p) => ({
      id: p.id,
      origin: registry.originOf(p),
      description: p.description,
    }));
    if (args.json === true) io.out(JSON.stringify(presets, null, 2));
    else
      io.out(
        renderTable(
          ['preset', 'from', 'description'],
          presets.map((p) => ({
            label: p.id,
            values: [p.origin, io.columns === undefined ? ellipsis(p.description, 100) : p.description],
          })),
          { maxWidth: io.columns, shrink: [2, 1] },
        ),
      );
    return 0;
  }
  let lib: TechnologyLibrary;
  if (args.tech !== undefined) {
    const techFile = resolve(io.cwd, args.tech);
    lib = buildTechnologyLibrary({
      techFile,
      designSections:
        args.preset === undefined
          ? []
          : [{ data: { extends: args.preset }, file: '--preset', pathPrefix: 'preset' }],
      presets: registry,
    });
  } else {
    const name = args.preset ?? 'default';
    const found = registry.presetLibrary(name);
    if (found === undefined)
      throw InputError.at(
        '',
        '--preset',
        `one of ${registry.presetNames().join(', ')}`,
        JSON.stringify(name),
      );
    lib = found;
  }
  if (args.json === true) {
    io.out(JSON.stringify(lib, null, 2));
    return 0;
  }
  const width = io.columns;
  io.out(`${wrapText(`Technology library "${lib.name}": ${lib.description}`, width).join('\n')}\n`);
  // Too wide a terminal line: the sources are cut first, then text values (names), then labels.
  io.out(
    renderTable(['parameter', 'value', 'sources'], techRows(lib, args.section), {
      maxWidth: width,
      shrink: [2, 1, 0],
    }),
  );
  const used = new Set<string>();
  for (const ids of Object.values(lib.provenance)) for (const id of ids) used.add(id);
  const refs = [...used].filter((id) => lib.sources[id] !== undefined).sort();
  io.out('\nSources:');
  let cut = false;
  for (const id of refs) {
    const s = lib.sources[id]!;
    for (const line of wrapText(
      `  ${id}: ${s.title}${s.url === undefined ? '' : ` <${s.url}>`}`,
      width,
      '    ',
    )) {
      cut ||= width !== undefined && line.length > width;
      io.out(width === undefined ? line : ellipsis(line, width));
    }
  }
  if (cut)
    io.out(
      wrapText(
        '  (URLs longer than a line are cut: `tech --json`, or COLUMNS=0, prints them whole)',
        width,
        '   ',
      ).join('\n'),
    );
  io.out(`\n${wrapText(`Presets: ${registry.presetNames().join(', ')}`, width, '  ').join('\n')}`);
  return 0;
}
