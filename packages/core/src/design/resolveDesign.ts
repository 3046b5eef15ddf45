/**
 * From a validated design body and a technology library to the ResolvedDesign models see:
 * ids checked against the library, counts expanded into instances, area shares turned into mm²
 * (with D2D PHY area added to dies that have links), and the assembly tree built.
 */
import { InputError, type InputIssueAt } from '../errors.js';
import { unknownId } from '../io/suggest.js';
import type { TechnologyLibrary } from '../technology/types.js';
import { DESIGN_DEFAULTS, type AssemblyInput, type DesignBody } from './schema.js';
import type { AssemblyNode, DieInstance, LinkSpec, MemoryInstance, ResolvedDesign } from './types.js';

function known(ids: string[]): string {
  return ids.length <= 12 ? ids.join(', ') : `${ids.slice(0, 12).join(', ')}, ...`;
}

export function instanceId(groupId: string, index: number, count: number): string {
  return count === 1 ? groupId : `${groupId}#${index}`;
}

/**
 * Square dies unless a square would not fit the reticle's short side: then the reticle's own
 * aspect ratio, as large dies are drawn (an 814 mm² H100 is about 26 x 31 mm).
 */
export function defaultAspectRatio(
  areaMm2: number,
  reticleWidthMm?: number,
  reticleHeightMm?: number,
): number {
  if (reticleWidthMm === undefined || reticleHeightMm === undefined) return 1;
  const shortSide = Math.min(reticleWidthMm, reticleHeightMm);
  return Math.sqrt(areaMm2) <= shortSide ? 1 : shortSide / Math.max(reticleWidthMm, reticleHeightMm);
}

export interface ResolveContext {
  file: string;
  /** Variant name, for messages. */
  caseName?: string;
}

export function resolveDesign(
  body: DesignBody,
  tech: TechnologyLibrary,
  ctx: ResolveContext,
): ResolvedDesign {
  const issues: InputIssueAt[] = [];
  const bad = (path: string, expected: string, found: string) =>
    issues.push({ file: ctx.file, path, expected, found });
  const nodeIds = Object.keys(tech.nodes);
  const phyIds = Object.keys(tech.phys);

  // --- ids -----------------------------------------------------------------------------------
  const groupIds = new Set<string>();
  body.chiplets.forEach((c, i) => {
    if (groupIds.has(c.id))
      bad(`chiplets[${i}].id`, 'an id no other chiplet or memory has', JSON.stringify(c.id));
    groupIds.add(c.id);
  });
  const memories = body.memory ?? [];
  memories.forEach((m, i) => {
    if (groupIds.has(m.id))
      bad(`memory[${i}].id`, 'an id no other chiplet or memory has', JSON.stringify(m.id));
    groupIds.add(m.id);
  });

  // --- links first: a die with links carries D2D PHY area ------------------------------------
  const chipletIndex = new Map(body.chiplets.map((c, i) => [c.id, i] as const));
  const instanceGroup = new Map<string, string>();
  for (const c of body.chiplets) {
    const n = c.count ?? 1;
    for (let k = 0; k < n; k++) instanceGroup.set(instanceId(c.id, k, n), c.id);
  }
  const links: LinkSpec[] = [];
  const linked = new Set<string>();
  (body.links ?? []).forEach((l, i) => {
    const ends = [l.from, l.to].map((ref, e) => {
      const path = `links[${i}].${e === 0 ? 'from' : 'to'}`;
      if (chipletIndex.has(ref)) {
        const c = body.chiplets[chipletIndex.get(ref)!]!;
        const n = c.count ?? 1;
        return { group: ref, instances: Array.from({ length: n }, (_, k) => instanceId(ref, k, n)) };
      }
      if (instanceGroup.has(ref)) return { group: instanceGroup.get(ref)!, instances: [ref] };
      bad(
        path,
        `a chiplet id or instance id (${known([...chipletIndex.keys()])})`,
        unknownId(ref, [...chipletIndex.keys(), ...instanceGroup.keys()]),
      );
      return undefined;
    });
    const [a, b] = ends;
    if (a === undefined || b === undefined) return;
    if (l.from === l.to && a.instances.length > 1) {
      // A group linked to itself: each instance to the next (a chain).
      for (let k = 0; k + 1 < a.instances.length; k++) {
        links.push({ from: a.instances[k]!, to: a.instances[k + 1]!, bandwidthGBps: l.bandwidthGBps });
      }
    } else {
      for (const x of a.instances)
        for (const y of b.instances)
          if (x !== y) links.push({ from: x, to: y, bandwidthGBps: l.bandwidthGBps });
    }
  });
  for (const l of links) {
    linked.add(l.from);
    linked.add(l.to);
  }

  // --- dies ----------------------------------------------------------------------------------
  const dies: DieInstance[] = [];
  let shareSum = 0;
  body.chiplets.forEach((c, i) => {
    const at = `chiplets[${i}]`;
    const node = tech.nodes[c.node];
    if (node === undefined)
      bad(
        `${at}.node`,
        `a node id from the technology library (${known(nodeIds)})`,
        unknownId(c.node, nodeIds),
      );
    const phyId = c.phy ?? '';
    const phy = phyId === '' ? undefined : tech.phys[phyId];
    if (phyId !== '' && phy === undefined)
      bad(
        `${at}.phy`,
        `a D2D PHY id from the technology library (${known(phyIds)})`,
        unknownId(phyId, phyIds),
      );
    if ((c.areaMm2 === undefined) === (c.areaShare === undefined)) {
      bad(at, 'exactly one of areaMm2 or areaShare', c.areaMm2 === undefined ? 'neither' : 'both');
      return;
    }
    if (c.areaShare !== undefined) {
      shareSum += c.areaShare;
      if (body.logicBudgetMm2 === undefined) {
        bad(
          `${at}.areaShare`,
          'logicBudgetMm2 to be set at the top of the design (areaShare is a share of it)',
          'no logicBudgetMm2',
        );
        return;
      }
    }
    if ((c.powerW === undefined) === (c.powerDensityWPerMm2 === undefined)) {
      bad(at, 'exactly one of powerW or powerDensityWPerMm2', c.powerW === undefined ? 'neither' : 'both');
      return;
    }
    const n = c.count ?? 1;
    for (let k = 0; k < n; k++) {
      const id = instanceId(c.id, k, n);
      const logicAreaMm2 = c.areaMm2 ?? (c.areaShare! * body.logicBudgetMm2!) / n;
      const hasD2d = linked.has(id);
      if (hasD2d && phyId === '') {
        bad(`${at}.phy`, 'a D2D PHY id, because this chiplet has links', 'none');
        return;
      }
      // Area given as a share is logic only: add the PHY's area overhead when the die talks D2D.
      const areaMm2 =
        c.areaMm2 ?? logicAreaMm2 * (1 + (hasD2d && phy !== undefined ? phy.dieAreaOverheadFraction : 0));
      const aspect =
        c.aspectRatio ?? defaultAspectRatio(areaMm2, node?.reticleWidthMm, node?.reticleHeightMm);
      const widthMm = Math.sqrt(areaMm2 * aspect);
      dies.push({
        id,
        groupId: c.id,
        role: c.role ?? 'logic',
        designId: c.designId ?? c.id,
        node: c.node,
        areaMm2,
        logicAreaMm2: c.areaMm2 ?? logicAreaMm2,
        widthMm,
        heightMm: areaMm2 / widthMm,
        powerW: c.powerW ?? c.powerDensityWPerMm2! * logicAreaMm2,
        phy: phyId,
        hasD2d,
      });
    }
  });
  if (shareSum > 1 + 1e-9)
    bad('chiplets[*].areaShare', 'area shares that add up to at most 1', shareSum.toFixed(4));

  // --- memories -------------------------------------------------------------------------------
  const memInstances: MemoryInstance[] = [];
  memories.forEach((m, i) => {
    const at = `memory[${i}]`;
    if (tech.hbm[m.generation] === undefined) {
      bad(
        `${at}.generation`,
        `an HBM generation id from the technology library (${known(Object.keys(tech.hbm))})`,
        unknownId(m.generation, Object.keys(tech.hbm)),
      );
    }
    let targets: string[] = [];
    if (m.attachedTo !== undefined) {
      if (chipletIndex.has(m.attachedTo))
        targets = dies.filter((d) => d.groupId === m.attachedTo).map((d) => d.id);
      else if (instanceGroup.has(m.attachedTo)) targets = [m.attachedTo];
      else
        bad(
          `${at}.attachedTo`,
          `a chiplet id or instance id (${known([...chipletIndex.keys()])})`,
          unknownId(m.attachedTo, [...chipletIndex.keys(), ...instanceGroup.keys()]),
        );
    }
    const n = m.stacks ?? 1;
    for (let k = 0; k < n; k++) {
      memInstances.push({
        id: instanceId(m.id, k, n),
        groupId: m.id,
        generation: m.generation,
        attachedTo: targets.length === 0 ? '' : targets[k % targets.length]!,
      });
    }
  });

  // --- purchased components -------------------------------------------------------------------
  const components = (body.components ?? []).flatMap((c, i) => {
    if (groupIds.has(c.id))
      bad(`components[${i}].id`, 'an id no chiplet or memory has', JSON.stringify(c.id));
    const n = c.count ?? 1;
    return Array.from({ length: n }, (_, k) => ({
      id: instanceId(c.id, k, n),
      groupId: c.id,
      kind: c.kind,
      widthMm: c.widthMm,
      heightMm: c.heightMm,
      costUsd: c.costUsd,
      powerW: c.powerW ?? 0,
    }));
  });

  // --- system ---------------------------------------------------------------------------------
  const cooling = body.system.cooling ?? DESIGN_DEFAULTS.cooling;
  if (tech.cooling[cooling] === undefined) {
    bad(
      'system.cooling',
      `a cooling id from the technology library (${known(Object.keys(tech.cooling))})`,
      unknownId(cooling, Object.keys(tech.cooling)),
    );
  }
  const carrier = body.package.carrier ?? '';
  if (carrier !== '' && tech.carriers[carrier] === undefined) {
    bad(
      'package.carrier',
      `a carrier id from the technology library (${known(Object.keys(tech.carriers))})`,
      unknownId(carrier, Object.keys(tech.carriers)),
    );
  }

  // --- assembly tree ----------------------------------------------------------------------------
  const placed = new Set<string>();
  const dieIds = new Set(dies.map((d) => d.id));
  const memIds = new Set(memInstances.map((m) => m.id));
  const buildNodes = (inputs: AssemblyInput[], path: string): AssemblyNode[] =>
    inputs.flatMap((input, i) => {
      const at = `${path}[${i}]`;
      if ((input.die === undefined) === (input.memory === undefined)) {
        bad(at, 'exactly one of die or memory', input.die === undefined ? 'neither' : 'both');
        return [];
      }
      if (input.bonding !== undefined && tech.bonding[input.bonding] === undefined) {
        bad(
          `${at}.bonding`,
          `a bonding id from the technology library (${known(Object.keys(tech.bonding))})`,
          unknownId(input.bonding, Object.keys(tech.bonding)),
        );
      }
      const ref = (input.die ?? input.memory)!;
      const pool =
        input.die !== undefined
          ? dies.map((d) => ({ id: d.id, group: d.groupId }))
          : memInstances.map((m) => ({ id: m.id, group: m.groupId }));
      const matches = pool.filter((p) => p.id === ref || p.group === ref).map((p) => p.id);
      if (matches.length === 0) {
        bad(
          `${at}.${input.die !== undefined ? 'die' : 'memory'}`,
          `a ${input.die !== undefined ? 'chiplet' : 'memory'} id`,
          JSON.stringify(ref),
        );
        return [];
      }
      return matches.map((m) => {
        if (placed.has(m)) bad(at, `each die and memory stack placed once`, `${m} placed again`);
        placed.add(m);
        return {
          ref: m,
          bonding: input.bonding ?? '',
          orientation: input.orientation ?? 'face-to-back',
          children: buildNodes(input.stack ?? [], `${at}.stack`),
        };
      });
    });
  let children: AssemblyNode[];
  if (body.package.assembly === undefined) {
    children = [...dies.map((d) => d.id), ...memInstances.map((m) => m.id)].map((ref) => ({
      ref,
      bonding: '',
      orientation: 'face-to-back' as const,
      children: [],
    }));
  } else {
    children = buildNodes(body.package.assembly, 'package.assembly');
    for (const id of [...dieIds, ...memIds]) {
      if (!placed.has(id)) bad('package.assembly', `every die and memory stack placed`, `${id} not placed`);
    }
  }

  if (issues.length > 0) {
    throw new InputError(issues, ctx.caseName === undefined ? undefined : `in design "${ctx.caseName}":`);
  }
  return {
    name: body.name,
    origin: ctx.caseName === undefined ? ctx.file : `${ctx.file} (${ctx.caseName})`,
    system: {
      volumeUnits: body.system.volumeUnits,
      ambientC: body.system.ambientC ?? DESIGN_DEFAULTS.ambientC,
      maxJunctionC: body.system.maxJunctionC ?? DESIGN_DEFAULTS.maxJunctionC,
      cooling,
      yieldModel: body.system.yieldModel ?? DESIGN_DEFAULTS.yieldModel,
      thermalModel: body.system.thermalModel ?? DESIGN_DEFAULTS.thermalModel,
    },
    dies,
    memories: memInstances,
    components,
    links,
    package: {
      approach: body.package.approach,
      carrier,
      options: { ...(body.package.options ?? {}) },
      assembly: { ref: '', bonding: '', orientation: 'face-to-back', children },
    },
  };
}

/** Dies larger than their node's reticle field: a hard limit of lithography. */
export function reticleIssues(
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): { dieId: string; areaMm2: number; limitMm2: number }[] {
  const out: { dieId: string; areaMm2: number; limitMm2: number }[] = [];
  for (const d of design.dies) {
    const node = tech.nodes[d.node];
    if (node === undefined) continue;
    const limit = node.reticleWidthMm * node.reticleHeightMm;
    const fits =
      (d.widthMm <= node.reticleWidthMm && d.heightMm <= node.reticleHeightMm) ||
      (d.widthMm <= node.reticleHeightMm && d.heightMm <= node.reticleWidthMm);
    if (!fits) out.push({ dieId: d.id, areaMm2: d.areaMm2, limitMm2: limit });
  }
  return out;
}
