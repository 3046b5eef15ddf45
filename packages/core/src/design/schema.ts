/**
 * Schema of design files (YAML or JSON). Structural checks live here; checks that need the
 * technology library or the plugin (ids, options, reticle) happen in design/resolveDesign.ts.
 */
import { z } from 'zod';
import { posUpTo, range, upTo } from '../technology/ranges.js';
import { yieldModelSchema } from '../technology/schema.js';
import { constraintsSchema, objectivesSchema, spaceSchema } from './spaceSchema.js';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const id = () => z.string().regex(idPattern, 'an id of letters, digits, "_", "-" or "."');
/** Physical ranges (docs/design-files.md, Rules: Ranges): generous bounds that catch typos and unit mix-ups. */
export const DESIGN_RANGES = {
  /** Stitched, wafer-scale dies exist: up to 20,000 mm² (a 300 mm wafer is about 70,000 mm²). */
  dieAreaMm2: 2e4,
  /** A whole wafer-scale logic budget split over chiplets. */
  logicBudgetMm2: 1e5,
  /** 100 kW: far above any package (a wafer-scale engine draws about 20 kW). */
  powerW: 1e5,
  /** 100 W/mm²: two orders of magnitude above the hottest logic. */
  powerDensityWPerMm2: 100,
  /** 10 PB/s of D2D bandwidth between two chiplets. */
  bandwidthGBps: 1e7,
  /** A purchased part: up to 1 m on a side and USD 1,000,000. */
  partSideMm: 1000,
  partCostUsd: 1e6,
  /** Up to 10 billion units over a product life. */
  volumeUnits: 1e10,
} as const;

/** Defaults for fields a design may leave out; each is documented in docs/design-files.md. */
export const DESIGN_DEFAULTS = {
  /** HotSpot's default ambient (318.15 K), also the thermal reference package's (docs/reference/thermal-model.md §2). */
  ambientC: 45,
  /** A common junction limit for server/accelerator silicon; the sweep issue's example constraint. */
  maxJunctionC: 105,
  /** The reference heat sink of docs/reference/thermal-model.md §2 (id in the technology library). */
  cooling: 'air_heatsink',
  yieldModel: 'negative-binomial',
  /** Core's compact closed-form model (docs/models/thermal.md). */
  thermalModel: 'compact',
} as const;

export const systemSchema = z.strictObject({
  volumeUnits: range(1, DESIGN_RANGES.volumeUnits, { int: true }).describe(
    'Units produced over the product life; NRE is amortised over them.',
  ),
  ambientC: range(-55, 150).optional().describe('Ambient (air inlet) temperature, °C. Default 45.'),
  maxJunctionC: range(0, 300).optional().describe('Junction temperature limit, °C. Default 105.'),
  cooling: z
    .string()
    .optional()
    .describe('Cooling solution id from the technology library. Default air_heatsink.'),
  yieldModel: z
    .union([yieldModelSchema, z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a yield model id')])
    .optional()
    .describe(
      'Die yield model: poisson, murphy, seeds, negative-binomial, bose-einstein, or one a plugin package registers. Default negative-binomial.',
    ),
  thermalModel: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a thermal model id')
    .optional()
    .describe(
      'Thermal model the plugin kit runs: compact, or one a plugin package registers. Default compact.',
    ),
});

export const chipletSchema = z.strictObject({
  id: id().describe('Chiplet (group) id; with count > 1 the instances are id#0, id#1, ...'),
  role: z.string().optional().describe('Free text: compute, io, cache, ... Default "logic".'),
  count: z.number().int().min(1).max(1024).optional().describe('Number of identical instances. Default 1.'),
  areaMm2: posUpTo(DESIGN_RANGES.dieAreaMm2)
    .optional()
    .describe('Die area of one instance, mm² (everything included).'),
  areaShare: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('Share of logicBudgetMm2 for the whole group (split over count; D2D PHY area is added).'),
  aspectRatio: range(0.01, 100).optional().describe('Die width / height. Default 1.'),
  node: z.string().describe('Process node id from the technology library.'),
  powerW: upTo(DESIGN_RANGES.powerW).optional().describe('Power of one instance, W.'),
  powerDensityWPerMm2: upTo(DESIGN_RANGES.powerDensityWPerMm2)
    .optional()
    .describe('Power per mm² of logic area (alternative to powerW).'),
  phy: z.string().optional().describe('D2D PHY id from the technology library.'),
  designId: z
    .string()
    .optional()
    .describe('Design identity; instances and chiplets sharing it pay NRE once. Default: the id.'),
});

export const memorySchema = z.strictObject({
  id: id(),
  generation: z.string().describe('HBM generation id from the technology library.'),
  stacks: z
    .number()
    .int()
    .min(0)
    .max(64)
    .optional()
    .describe('Number of stacks (0 = none, for sweeps). Default 1.'),
  attachedTo: z
    .string()
    .optional()
    .describe('Chiplet id (or instance id) whose memory PHY the stacks connect to.'),
});

export const componentSchema = z.strictObject({
  id: id(),
  kind: z.enum(['packaged-memory', 'passive', 'other']).describe('What the part is.'),
  count: z.number().int().min(1).max(10000).optional().describe('Number of identical parts. Default 1.'),
  widthMm: posUpTo(DESIGN_RANGES.partSideMm).describe('Footprint width of one part, mm.'),
  heightMm: posUpTo(DESIGN_RANGES.partSideMm).describe('Footprint length of one part, mm.'),
  costUsd: upTo(DESIGN_RANGES.partCostUsd).describe('Purchase cost of one part, USD.'),
  powerW: upTo(DESIGN_RANGES.powerW).optional().describe('Power of one part, W. Default 0.'),
});

export const linkSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  bandwidthGBps: upTo(DESIGN_RANGES.bandwidthGBps).describe(
    'Required bandwidth of the link (both directions), GB/s.',
  ),
});

export interface AssemblyInput {
  die?: string | undefined;
  memory?: string | undefined;
  bonding?: string | undefined;
  orientation?: 'face-to-face' | 'face-to-back' | undefined;
  stack?: AssemblyInput[] | undefined;
}

export const assemblyNodeSchema: z.ZodType<AssemblyInput> = z.lazy(() =>
  z.strictObject({
    die: z.string().optional(),
    memory: z.string().optional(),
    bonding: z
      .string()
      .optional()
      .describe("Bonding process id (default: the carrier's die bonding, or the approach's stacking bond)."),
    orientation: z.enum(['face-to-face', 'face-to-back']).optional(),
    stack: z.array(assemblyNodeSchema).optional().describe('Dies stacked on this one, bottom to top.'),
  }),
);

export const optionValueSchema = z.union([z.number(), z.string(), z.boolean()]);

export const packageSchema = z.strictObject({
  approach: z
    .string()
    .describe('Packaging plugin id: monolithic, mcm, 2.5d, 3d, fanout, sip, plp, or a third-party plugin.'),
  carrier: z.string().optional().describe("Carrier id from the technology library. Default: the approach's."),
  options: z.record(z.string(), optionValueSchema).optional().describe('Options of the packaging plugin.'),
  assembly: z
    .array(assemblyNodeSchema)
    .optional()
    .describe('What sits on the carrier, with stacks. Default: every die and memory side by side.'),
});

const designFields = {
  name: z.string().min(1),
  description: z.string().optional(),
  technology: z.unknown().optional().describe('Technology overrides (same form as a technology file).'),
  logicBudgetMm2: posUpTo(DESIGN_RANGES.logicBudgetMm2)
    .optional()
    .describe('Logic area that chiplets with areaShare divide, mm².'),
  system: systemSchema,
  chiplets: z.array(chipletSchema).min(1),
  memory: z.array(memorySchema).optional(),
  components: z
    .array(componentSchema)
    .optional()
    .describe('Purchased parts on a SiP laminate (approach sip).'),
  links: z.array(linkSchema).optional(),
  package: packageSchema,
};

export const designBodySchema = z.strictObject(designFields);

export const variantSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  technology: z.unknown().optional(),
  logicBudgetMm2: posUpTo(DESIGN_RANGES.logicBudgetMm2).optional(),
  system: systemSchema.partial().optional(),
  chiplets: z.array(chipletSchema).min(1).optional(),
  memory: z.array(memorySchema).optional(),
  components: z.array(componentSchema).optional(),
  links: z.array(linkSchema).optional(),
  package: packageSchema.partial().optional(),
});

export const designFileSchema = z.strictObject({
  $schema: z.string().optional(),
  ...designFields,
  plugins: z
    .array(z.string())
    .optional()
    .describe('Extra plugin module specifiers (npm package names or paths relative to this file).'),
  variants: z
    .array(variantSchema)
    .optional()
    .describe('Alternatives evaluated side by side; each overrides parts of the base design.'),
  space: spaceSchema.optional().describe('Design space for `chiplet-dse sweep` (docs/design-space.md).'),
  constraints: constraintsSchema
    .optional()
    .describe('Limits on metrics a swept point must meet to be feasible.'),
  objectives: objectivesSchema
    .optional()
    .describe('Metrics to minimise or maximise (two or more) for the Pareto front.'),
});

export type DesignBody = z.infer<typeof designBodySchema>;
export type DesignFile = z.infer<typeof designFileSchema>;
export type VariantInput = z.infer<typeof variantSchema>;
