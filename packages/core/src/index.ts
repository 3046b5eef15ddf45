/**
 * @chiplet-dse/core, for plugin authors and the CLI: the design IR, the technology library, design
 * loading and resolution, errors, the plugin contract, registry and loader, and the shared models
 * (yield, cost, geometry, bandwidth, thermal) the built-in plugins are composed from.
 *
 * Named exports only, each used by a plugin, the CLI or docs/plugin-authoring.md. The conformance
 * kit is `@chiplet-dse/core/testing`; the exploration engine (spaces, Pareto fronts, sweeps) is
 * `@chiplet-dse/core/explore`.
 */
export { InputError, ModelError, OutputError, PluginError } from './errors.js';
export { guardProcessExit, PluginExitError } from './plugin/exitGuard.js';
export { AtomicFileStream, writeFileAtomic } from './io/atomicWrite.js';
export { acquireLock } from './io/lock.js';
export { packageDirOf, packageVersionOf, workerFileBeside } from './io/packageDir.js';
export type { HeldLock, LockHolder } from './io/lock.js';
export type { InputIssueAt } from './errors.js';
export { buildTechnologyLibrary, listPresets, loadPreset } from './technology/library.js';
export type { PresetSource } from './technology/library.js';
export type {
  BondingProcess,
  Carrier,
  CarrierKind,
  D2dPhy,
  Panel,
  ProcessNode,
  TechnologyLibrary,
} from './technology/types.js';
export { designJsonSchema, technologyJsonSchema } from './design/jsonSchema.js';
export { loadDesignFile, parseDesignText } from './design/loadDesign.js';
export { readStreamText, STDIN_NAME } from './io/readDataFile.js';
export type { LoadedDesign } from './design/loadDesign.js';
export { reticleIssues } from './design/resolveDesign.js';
export type {
  AssemblyNode,
  ComponentInstance,
  DieInstance,
  LinkSpec,
  ResolvedDesign,
} from './design/types.js';
export type {
  DieTemperature,
  InfeasibilityReason,
  LinkMetrics,
  Metrics,
  RecurringCostBreakdown,
} from './metrics/types.js';
export { PLUGIN_API_VERSION, definePackagingPlugin } from './plugin/contract.js';
export type {
  BooleanOptionSpec,
  CompileInput,
  EnumOptionSpec,
  InputIssue,
  NumberOptionSpec,
  OptionSpec,
  OptionsOf,
  OptionsSchema,
  OptionValueOf,
  PackagingPlugin,
  Plan,
  PluginCapabilities,
  PluginModelsInfo,
} from './plugin/contract.js';
export { booleanOption, enumOption, numberOption } from './plugin/options.js';
export {
  copyPointNumbers,
  designAt,
  pointNumbersOf,
  samePointNumbers,
  writePointNumbers,
} from './plugin/pointNumbers.js';
export type { PointNumbers } from './plugin/pointNumbers.js';
export {
  buildMetrics,
  finishRow,
  INFEASIBILITY_CODES,
  LINK_FIELDS,
  LINK_STRIDE,
  reasonBit,
  ROW,
  ROW_SCALARS,
  rowLayout,
  THERMAL_STRIDE,
  writeMetricsRow,
} from './metrics/row.js';
export type { RowLayout } from './metrics/row.js';
export { recordPlan } from './kit/recordPlan.js';
export { COMMON_OPTIONS, diesPerWaferOption, substrateAreaOption } from './kit/options.js';
// The plugin kit: the building blocks the built-in plugins share (docs/plugin-authoring.md).
export { attachBondingIds, attachTotals, missingBondingId } from './kit/bonding.js';
export type { AttachTotals } from './kit/bonding.js';
export { dieCosts } from './kit/dieCosts.js';
export { SideBySideLinkKernel } from './kit/linkKernel.js';
export { SizeKey, reasonMaskOf, recordLayout, writeGeometryRow } from './kit/kernelParts.js';
export { ThermalKernel } from './kit/thermalKernel.js';
export type { DieCosts } from './kit/dieCosts.js';
export { carrierSizeReasons, footprintIssues, groupIndex, reticleReasons } from './kit/feasibility.js';
export type { FootprintChecks } from './kit/feasibility.js';
export {
  linkEndSignalBonds,
  rdlWiresPerMmPerLayer,
  rdlWiringBandwidthGBps,
  sideBySideLinks,
} from './kit/links.js';
export type { LinkResult, LinkShorelineCap, LinkWiringCap, SideBySideLinkOptions } from './kit/links.js';
export { dieAndStackAreaMm2, hbmFloorplanItems, memoryTotals } from './kit/memory.js';
export type { MemoryTotals } from './kit/memory.js';
export { assembleMetrics } from './kit/metrics.js';
export type { MetricsParts } from './kit/metrics.js';
export { layerFactor, substrateAreaMm2, substrateCostUsd, substrateNreUsd } from './kit/substrate.js';
export {
  flipChipDieColumns,
  flipChipDieResistance,
  hbmStackColumns,
  hbmStackResistance,
  layerResistanceMm2KPerW,
  plateSizeMm,
  runThermal,
} from './kit/thermal.js';
export type { PlateSizing, ThermalColumnSpec, ThermalOutcome } from './kit/thermal.js';
export { waferCarrierCost } from './kit/waferCarrier.js';
export type { WaferCarrierCost } from './kit/waferCarrier.js';
export { loadPluginRegistry, registryFromModules } from './plugin/loader.js';
export { definePlugin } from './plugin/pluginModule.js';
export type { PackagingPluginModule } from './plugin/pluginModule.js';
export { ExtensionRegistry, PluginRegistry, thermalModelById } from './plugin/registry.js';
export {
  defineExtensions,
  DERIVED_METRIC,
  ExtensionsModule,
  MODULE_REQUIREMENT,
  TECHNOLOGY_PRESET,
  THERMAL_MODEL,
  YIELD_MODEL,
} from './plugin/extensions.js';
export type {
  DerivedMetric,
  ExtensionSet,
  ModuleRequirement,
  PreparedThermalModel,
  TechnologyPreset,
  ThermalModel,
  YieldFunction,
  YieldModel,
  YieldModelParams,
} from './plugin/extensions.js';
export { PACKAGING_PLUGIN } from './plugin/pluginModule.js';
export { evaluatePlan, evaluatePrepared, prepareCase } from './evaluate/prepareCase.js';
export type { PreparedCase } from './evaluate/prepareCase.js';
export { diesPerWaferRect } from './math/diesPerWafer.js';
export { exactDiesPerWafer, rectanglesPerPanel } from './math/exactDiesPerWafer.js';
export { testPassYield } from './math/knownGoodDieCost.js';
export { negativeBinomialYield, YIELD_FLOOR } from './math/yieldModels.js';
export { assemblyFlowCost, assemblyFlowInto, compileFlow, FLOW_PARTS } from './cost/assemblyFlow.js';
export type { CompiledFlow, FlowItem, FlowResult } from './cost/assemblyFlow.js';
export { chipNrePerUnitUsd, chipNreTotalUsd } from './cost/chipNre.js';
export { dieCost, dieInstanceCost } from './cost/dieCost.js';
export type { DieCost, DiesPerWaferMethod } from './cost/dieCost.js';
export { facingShorelineMm, manhattanEdgeGapMm, sideBySideFloorplan } from './geometry/floorplan.js';
export type { CarrierOutline, Floorplan, FloorplanItem, Placement } from './geometry/floorplan.js';
export {
  hbmBandwidthGBps,
  hbmInterfacePowerW,
  ioPowerW,
  phyModuleBandwidthGBps,
  shorelineBandwidthGBps,
  sideBySideLinkBandwidth,
  stackedBandwidthFromPitchGBps,
  stackedBandwidthGBps,
} from './bandwidth/linkBandwidth.js';
export { CompactThermalModel, prepareCompactThermal } from './thermal/compactThermal.js';
export type { ThermalColumn, ThermalPackage, ThermalTier } from './thermal/types.js';
