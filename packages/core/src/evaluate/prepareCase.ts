/**
 * The evaluation pipeline for one design case: technology layers -> resolved design -> plugin
 * and its options -> input checks -> evaluate -> metrics guard.
 */
import type { LoadedDesign, DesignCase } from '../design/loadDesign.js';
import type { DesignBody } from '../design/schema.js';
import { resolveDesign, reticleIssues } from '../design/resolveDesign.js';
import type { ResolvedDesign } from '../design/types.js';
import { InputError } from '../errors.js';
import { assertMetrics } from '../metrics/checkMetrics.js';
import type { Metrics } from '../metrics/types.js';
import type { PackagingPlugin } from '../plugin/contract.js';
import { resolvePluginOptions } from '../plugin/options.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { buildTechnologyLibrary } from '../technology/library.js';
import type { TechnologyLibrary } from '../technology/types.js';

export interface PreparedCase {
  name: string;
  design: ResolvedDesign;
  tech: TechnologyLibrary;
  plugin: PackagingPlugin;
}

export interface PrepareOptions {
  /** A --tech file layered between the preset and the design's own technology section. */
  techFile?: string | undefined;
  /** Refuse dies beyond the reticle as bad input (evaluate/validate); sweeps report them as infeasible. */
  reticleIsInputError?: boolean;
}

export function prepareCase(
  loaded: LoadedDesign,
  designCase: DesignCase,
  registry: PluginRegistry,
  options: PrepareOptions = {},
): PreparedCase {
  const tech = buildTechnologyLibrary({
    techFile: options.techFile,
    designSections: designCase.technologySections,
  });
  const caseName = loaded.cases.length > 1 ? designCase.name : undefined;
  const { design, plugin } = prepareDesign(designCase.body, tech, registry, {
    file: loaded.file,
    ...(caseName === undefined ? {} : { caseName }),
    reticleIsInputError: options.reticleIsInputError !== false,
  });
  return { name: designCase.name, design, tech, plugin };
}

export interface PrepareDesignContext {
  file: string;
  caseName?: string;
  reticleIsInputError: boolean;
}

/**
 * Resolves a design body against a built library and a registry: plugin, options, carrier,
 * reticle and the plugin's own checks. Throws InputError for anything the user must fix.
 */
export function prepareDesign(
  body: DesignBody,
  tech: TechnologyLibrary,
  registry: PluginRegistry,
  ctx: PrepareDesignContext,
): { design: ResolvedDesign; plugin: PackagingPlugin } {
  const { file, caseName } = ctx;
  const where = caseName === undefined ? undefined : `in design "${caseName}":`;
  const plugin = registry.get(body.package.approach);
  if (plugin === undefined) {
    throw new InputError(
      [
        {
          file,
          path: 'package.approach',
          expected: `a registered plugin id (${registry.ids().join(', ')})`,
          found: JSON.stringify(body.package.approach),
        },
      ],
      where,
    );
  }
  const design = resolveDesign(body, tech, caseName === undefined ? { file } : { file, caseName });
  design.package.options = resolvePluginOptions(plugin, design.package.options, file);
  if (design.package.carrier === '') design.package.carrier = plugin.defaultCarrier;
  if (tech.carriers[design.package.carrier] === undefined) {
    throw InputError.at(
      file,
      'package.carrier',
      `a carrier id of the technology library for plugin ${plugin.id}`,
      JSON.stringify(design.package.carrier),
    );
  }
  if (ctx.reticleIsInputError) {
    const over = reticleIssues(design, tech);
    if (over.length > 0) {
      throw new InputError(
        over.map((o) => {
          const die = design.dies.find((d) => d.id === o.dieId)!;
          const node = tech.nodes[die.node]!;
          return {
            file,
            path: `chiplets[${body.chiplets.findIndex((c) => c.id === die.groupId)}]`,
            expected: `a die that fits the ${node.reticleWidthMm} x ${node.reticleHeightMm} mm reticle of ${die.node} (${o.limitMm2} mm²)`,
            found: `${die.id}: ${die.widthMm.toFixed(1)} x ${die.heightMm.toFixed(1)} mm (${o.areaMm2.toFixed(1)} mm²)`,
          };
        }),
        where,
      );
    }
  }
  const problems = plugin.validate(design, tech);
  if (problems.length > 0) {
    throw new InputError(
      problems.map((p) => ({ file, ...p })),
      `plugin ${plugin.id} cannot build ${caseName === undefined ? 'this design' : `design "${caseName}"`}:`,
    );
  }
  return { design, plugin };
}

export function evaluatePrepared(p: PreparedCase): Metrics {
  return assertMetrics(p.plugin.evaluate(p.design, p.tech), p.plugin.id);
}
