/**
 * Random valid side-by-side designs for the conformance kit (`randomDesigns`): 1 to `maxGroups`
 * chiplet groups of 1 to `maxCount` dies with random areas, nodes, powers and PHYs, random links
 * between them, optional HBM stacks, a random volume and random plugin options. The text is JSON
 * (a subset of YAML), so it goes through the same reading and checks as a user's file.
 */
import fc from 'fast-check';

export interface RandomDesignOptions {
  /** The plugin id (package.approach). */
  approach: string;
  /** Carrier ids to draw from (one per design). */
  carriers: readonly string[];
  nodes?: readonly string[];
  /** D2D PHY ids for linked dies. */
  phys?: readonly string[];
  maxGroups?: number;
  maxCount?: number;
  areaMm2?: { min: number; max: number };
  powerW?: { min: number; max: number };
  /** HBM generations and the most stacks; omit for approaches without HBM. */
  hbm?: { generations: readonly string[]; maxStacks: number };
  maxLinks?: number;
  volumeUnits?: { min: number; max: number };
  /** Plugin options, each drawn from its arbitrary. */
  options?: Readonly<Record<string, fc.Arbitrary<number | string | boolean>>>;
}

export function designArbitrary(o: RandomDesignOptions): fc.Arbitrary<string> {
  const nodes = o.nodes ?? ['n7', 'n5', 'n3'];
  const phys = o.phys ?? ['ucie_standard'];
  const area = o.areaMm2 ?? { min: 20, max: 300 };
  const power = o.powerW ?? { min: 1, max: 120 };
  const volume = o.volumeUnits ?? { min: 10_000, max: 10_000_000 };
  const group = fc.record({
    count: fc.integer({ min: 1, max: o.maxCount ?? 3 }),
    areaMm2: fc.double({ min: area.min, max: area.max, noNaN: true }),
    node: fc.constantFrom(...nodes),
    powerW: fc.double({ min: power.min, max: power.max, noNaN: true }),
    phy: fc.constantFrom(...phys),
  });
  const options = fc.record(o.options ?? {});
  return fc
    .record({
      carrier: fc.constantFrom(...o.carriers),
      groups: fc.array(group, { minLength: 1, maxLength: o.maxGroups ?? 3 }),
      links: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0, max: 2000, noNaN: true })), {
        maxLength: o.maxLinks ?? 3,
      }),
      stacks: o.hbm === undefined ? fc.constant(0) : fc.integer({ min: 0, max: o.hbm.maxStacks }),
      hbm: fc.constantFrom(...(o.hbm?.generations ?? ['none'])),
      hbmGroup: fc.nat(),
      volumeUnits: fc.integer({ min: volume.min, max: volume.max }),
      options,
    })
    .map((s) => {
      const ids = s.groups.map((_, i) => `g${i}`);
      const links = s.links
        .map(([a, b, bw]) => ({ from: ids[a % ids.length]!, to: ids[b % ids.length]!, bandwidthGBps: bw }))
        // A one-die group linked to itself has no link.
        .filter((l) => l.from !== l.to || s.groups[Number(l.from.slice(1))]!.count > 1);
      return JSON.stringify({
        name: 'random',
        system: { volumeUnits: s.volumeUnits },
        chiplets: s.groups.map((g, i) => ({ id: ids[i], ...g })),
        ...(s.stacks > 0
          ? {
              memory: [
                { id: 'hbm', generation: s.hbm, stacks: s.stacks, attachedTo: ids[s.hbmGroup % ids.length] },
              ],
            }
          : {}),
        ...(links.length > 0 ? { links } : {}),
        package: { approach: o.approach, carrier: s.carrier, options: s.options },
      });
    });
}
