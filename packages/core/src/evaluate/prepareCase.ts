/**
 * The evaluation pipeline for one design case: technology layers -> resolved design -> plugin
 * and its options -> capability and input checks -> plugin.compile -> Plan; then
 * Plan.evaluate(numbers) -> row -> Metrics (evaluatePlan) -> metrics guard. Sweeps use the same
 * functions for every point.
 */
import type { LoadedDesign, DesignCase } from '../design/loadDesign.js';
import type { DesignBody } from '../design/schema.js';
import { resolveDesign, reticleIssues } from '../design/resolveDesign.js';
import type { ResolvedDesign } from '../design/types.js';
import { describeValue, InputError, ModelError, type InputIssueAt } from '../errors.js';
import { unknownId } from '../io/suggest.js';
import { assertMetrics } from '../metrics/checkMetrics.js';
import { buildMetrics, ROW, ROW_SCALARS } from '../metrics/row.js';
import type { Metrics } from '../metrics/types.js';
import { capabilityIssues } from '../plugin/capabilities.js';
import type { CompileInput, InputIssue, PackagingPlugin, Plan } from '../plugin/contract.js';
import { pointNumbersOf, type PointNumbers } from '../plugin/pointNumbers.js';
import { resolvePluginOptions } from '../plugin/options.js';
import type { PluginRegistry } from '../plugin/registry.js';
import { buildTechnologyLibrary } from '../technology/library.js';
import type { TechnologyLibrary } from '../technology/types.js';

export interface PreparedCase {
  name: string;
  design: ResolvedDesign;
  tech: TechnologyLibrary;
  plugin: PackagingPlugin;
  plan: Plan;
  /** The numbers of the design, laid out for the plan. */
  numbers: PointNumbers;
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
    presets: registry,
  });
  const caseName = loaded.cases.length > 1 ? designCase.name : undefined;
  const { design, plugin, plan } = prepareDesign(designCase.body, tech, registry, {
    file: loaded.file,
    ...(caseName === undefined ? {} : { caseName }),
    reticleIsInputError: options.reticleIsInputError !== false,
  });
  return { name: designCase.name, design, tech, plugin, plan, numbers: pointNumbersOf(design) };
}

export interface PrepareDesignContext {
  file: string;
  caseName?: string;
  reticleIsInputError: boolean;
}

/**
 * Resolves a design body against a built library and a registry: plugin, options, carrier,
 * capabilities, reticle, then the plugin compiles it. Throws InputError for anything the user
 * must fix.
 */
export function prepareDesign(
  body: DesignBody,
  tech: TechnologyLibrary,
  registry: PluginRegistry,
  ctx: PrepareDesignContext,
): { design: CompileInput; plugin: PackagingPlugin; plan: Plan } {
  const { file, caseName } = ctx;
  const where = caseName === undefined ? undefined : `in design "${caseName}":`;
  // Problems that do not depend on each other are reported together (docs/cli.md, validate).
  const issues: InputIssueAt[] = [];
  const collect = (f: () => void) => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      issues.push(...err.issues);
    }
  };
  const plugin = registry.get(body.package.approach);
  if (plugin === undefined) {
    issues.push({
      file,
      path: 'package.approach',
      expected: `a registered plugin id (${registry.ids().join(', ')})`,
      found: unknownId(body.package.approach, registry.ids()),
    });
  }
  const yieldModel = body.system.yieldModel;
  if (yieldModel !== undefined && registry.yieldModel(yieldModel) === undefined) {
    const ids = registry.yieldModels().map((y) => y.id);
    issues.push({
      file,
      path: 'system.yieldModel',
      expected: `a registered yield model id (${ids.join(', ')})`,
      found: unknownId(yieldModel, ids),
    });
  }
  const thermalModel = body.system.thermalModel;
  if (thermalModel !== undefined && registry.thermalModel(thermalModel) === undefined) {
    const ids = registry.thermalModels().map((t) => t.id);
    issues.push({
      file,
      path: 'system.thermalModel',
      expected: `a registered thermal model id (${ids.join(', ')})`,
      found: unknownId(thermalModel, ids),
    });
  }
  let resolved: ResolvedDesign | undefined;
  collect(() => {
    resolved = resolveDesign(body, tech, caseName === undefined ? { file } : { file, caseName });
  });
  if (plugin === undefined || resolved === undefined || issues.length > 0)
    throw new InputError(issues, where);
  let options: ResolvedDesign['package']['options'] = {};
  collect(() => {
    options = resolvePluginOptions(plugin, resolved!.package.options, file);
  });
  const design: CompileInput = {
    ...resolved,
    package: {
      ...resolved.package,
      options,
      carrier: resolved.package.carrier === '' ? plugin.defaultCarrier : resolved.package.carrier,
    },
  };
  const cannot = `plugin ${plugin.id} cannot build ${caseName === undefined ? 'this design' : `design "${caseName}"`}:`;
  if (tech.carriers[design.package.carrier] === undefined) {
    issues.push({
      file,
      path: 'package.carrier',
      expected: `a carrier id of the technology library for plugin ${plugin.id}`,
      found: unknownId(design.package.carrier, Object.keys(tech.carriers)),
    });
  }
  if (ctx.reticleIsInputError) {
    for (const o of reticleIssues(design, tech)) {
      const die = design.dies.find((d) => d.id === o.dieId)!;
      const node = tech.nodes[die.node]!;
      issues.push({
        file,
        path: `chiplets[${body.chiplets.findIndex((c) => c.id === die.groupId)}]`,
        expected: `a die that fits the ${node.reticleWidthMm} x ${node.reticleHeightMm} mm reticle of ${die.node} (${o.limitMm2} mm²)`,
        found: `${die.id}: ${die.widthMm.toFixed(1)} x ${die.heightMm.toFixed(1)} mm (${o.areaMm2.toFixed(1)} mm²)`,
      });
    }
  }
  if (issues.length > 0) throw new InputError(issues, where);
  const capabilities = capabilityIssues(plugin, design, tech, registry.list());
  if (capabilities.length > 0)
    throw new InputError(
      capabilities.map((p) => ({ file, ...p })),
      cannot,
    );
  const plan: unknown = plugin.compile(design, tech);
  if (Array.isArray(plan)) {
    if (plan.length === 0)
      throw new ModelError(
        plugin.id,
        'compile returned an empty list of issues, expected a Plan or the issues',
      );
    const bad = plan.findIndex((i) => !isInputIssue(i));
    if (bad >= 0)
      throw new ModelError(
        plugin.id,
        `compile returned a list whose item [${bad}] is ${describeValue(plan[bad])}, expected an input issue { path, expected, found } of strings`,
      );
    throw new InputError(
      (plan as InputIssue[]).map((p) => ({ file, ...p })),
      cannot,
    );
  }
  const shape = planShapeProblem(plan);
  if (shape !== undefined)
    throw new ModelError(
      plugin.id,
      `compile returned ${shape}, expected a Plan { layout, evaluate, reasons } or a list of input issues`,
    );
  return { design, plugin, plan: plan as Plan };
}

function isInputIssue(i: unknown): boolean {
  if (i === null || typeof i !== 'object') return false;
  const o = i as Record<string, unknown>;
  return typeof o['path'] === 'string' && typeof o['expected'] === 'string' && typeof o['found'] === 'string';
}

/**
 * What is wrong with a value compile returned as a Plan, or undefined when it has a Plan's shape:
 * a plugin's result is checked before core reads it, so a wrong one is named as the plugin's
 * fault instead of surfacing as a TypeError deep in core. A few typeof checks per compile.
 */
function planShapeProblem(plan: unknown): string | undefined {
  if (plan === null || typeof plan !== 'object') return describeValue(plan);
  const p = plan as Record<string, unknown>;
  if (typeof p['evaluate'] !== 'function') return 'an object without an evaluate function';
  if (typeof p['reasons'] !== 'function') return 'an object without a reasons function';
  const layout = p['layout'] as Record<string, unknown> | null | undefined;
  if (layout === null || typeof layout !== 'object')
    return `an object whose layout is ${describeValue(layout)}`;
  const { length, dieIds, links, thermalIds } = layout;
  if (
    !(typeof length === 'number' && Number.isSafeInteger(length) && length >= ROW_SCALARS) ||
    !Array.isArray(dieIds) ||
    !Array.isArray(links) ||
    !Array.isArray(thermalIds)
  )
    return 'an object whose layout is not a RowLayout (make it with rowLayout)';
  return undefined;
}

/**
 * One design point through a plan: numbers -> row -> Metrics (with the plan's reasons when the
 * row is infeasible). `row` may be passed in to reuse it.
 */
export function evaluatePlan(
  plan: Plan,
  x: PointNumbers,
  row: Float64Array = new Float64Array(plan.layout.length),
): Metrics {
  plan.evaluate(x, row);
  const reasons = row[ROW.reasonMask] === 0 ? [] : plan.reasons(x, row);
  if (!Array.isArray(reasons))
    throw new ModelError(
      plan.layout.pluginId,
      `Plan.reasons returned ${describeValue(reasons)}, expected a list of reasons`,
    );
  return buildMetrics(plan.layout, row, reasons);
}

export function evaluatePrepared(p: PreparedCase): Metrics {
  return assertMetrics(evaluatePlan(p.plan, p.numbers), p.plugin.id);
}

/**
 * What stops `plugin` from building a design whose options are already resolved: the capability
 * checks, then the plugin's own; the plan when there is none.
 */
export function compileWithPlugin(
  plugin: PackagingPlugin,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): Plan | InputIssue[] {
  const issues = capabilityIssues(plugin, design, tech);
  return issues.length > 0 ? issues : plugin.compile(design, tech);
}

/** Compiles and evaluates one resolved design with `plugin` (for tests and the conformance kit). */
export function evaluateWithPlugin(
  plugin: PackagingPlugin,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): Metrics {
  const plan = compileWithPlugin(plugin, design, tech);
  if (Array.isArray(plan))
    throw new InputError(
      plan.map((p) => ({ file: design.origin, ...p })),
      `plugin ${plugin.id} cannot build ${design.name}:`,
    );
  return evaluatePlan(plan as Plan, pointNumbersOf(design));
}

/** The input issues that stop `plugin` from building `design` (empty when it compiles). */
export function compileIssues(
  plugin: PackagingPlugin,
  design: ResolvedDesign,
  tech: TechnologyLibrary,
): InputIssue[] {
  const plan = compileWithPlugin(plugin, design, tech);
  return Array.isArray(plan) ? plan : [];
}
