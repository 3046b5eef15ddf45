/**
 * Core's own extensions, bound in one module that every registry loads first (as
 * "@chiplet-dse/core"): the five die yield models, the compact thermal model and the built-in
 * technology presets. A plugin contributing one of these ids is refused as a duplicate.
 */
import {
  boseEinsteinYield,
  murphyYield,
  negativeBinomialYield,
  poissonYield,
  seedsYield,
} from '../math/yieldModels.js';
import { listPresets, loadPreset } from '../technology/library.js';
import { prepareCompactThermal } from '../thermal/compactThermal.js';
import { defineExtensions, type TechnologyPreset, type YieldModel } from './extensions.js';

/** The origin named for core's own extensions. */
export const CORE_SPECIFIER = '@chiplet-dse/core';

const BUILTIN = Symbol('chiplet-dse.builtinPreset');

/** A built-in preset: read from packages/core/presets/ by loadPreset when first used. */
export function isBuiltinPreset(p: TechnologyPreset): boolean {
  return (p as { [BUILTIN]?: true })[BUILTIN] === true;
}

function builtinPreset(id: string): TechnologyPreset {
  return {
    id,
    [BUILTIN]: true,
    get description() {
      return loadPreset(id).description;
    },
    get data() {
      return {};
    },
  } as TechnologyPreset;
}

export const builtinYieldModels: readonly YieldModel[] = [
  {
    id: 'poisson',
    description: 'Poisson, uniform defect density: Y = exp(-A·D0)',
    yield: (a, d) => poissonYield(a, d),
  },
  {
    id: 'murphy',
    description: 'Murphy (1964), triangular D0: Y = ((1 - exp(-A·D0))/(A·D0))²',
    yield: (a, d) => murphyYield(a, d),
  },
  { id: 'seeds', description: 'Seeds (1967): Y = exp(-sqrt(A·D0))', yield: (a, d) => seedsYield(a, d) },
  {
    id: 'negative-binomial',
    description: 'Negative binomial (Stapper), clustering α of the node: Y = (1 + A·D0/α)^-α',
    yield: (a, d, p) => negativeBinomialYield(a, d, p.clusteringAlpha),
  },
  {
    id: 'bose-einstein',
    description: 'Bose-Einstein (Price 1970), N critical layers of the node, D0 per layer: Y = (1 + A·D0)^-N',
    yield: (a, d, p) => boseEinsteinYield(a, d, p.criticalLayers),
  },
];

export const builtinExtensions = defineExtensions({
  presets: listPresets().map(builtinPreset),
  yieldModels: builtinYieldModels,
  thermalModels: [
    {
      id: 'compact',
      description:
        'Level-0 compact model: plate Green function, spreading and vertical stacks (docs/models/thermal.md)',
      prepare: (pkg) => prepareCompactThermal(pkg),
    },
  ],
});
