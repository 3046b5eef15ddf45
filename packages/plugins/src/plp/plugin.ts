/**
 * Panel-level packaging: the RDL is built on a rectangular panel (310 x 310 to 600 x 600 mm)
 * instead of a 300 mm wafer. Mode "fanout": the RDL fan-out is the package (FOPLP, balls on the
 * RDL, no organic substrate); mode "interposer": a panel RDL interposer on an organic substrate
 * (TSMC CoPoS-like). Model: model.ts (on the shared RDL model, ../fanout/model.ts); its Plan:
 * ../fanout/kernel.ts; equations: docs/models/plp.md.
 */
import {
  PLUGIN_API_VERSION,
  definePackagingPlugin,
  groupIndex,
  type InputIssue,
  type ResolvedDesign,
  type TechnologyLibrary,
} from '@chiplet-dse/core';
import { compileRdlPlan } from '../fanout/kernel.js';
import { RDL_OPTIONS, validateRdl } from '../fanout/model.js';
import { PLUGINS_VERSION } from '../version.js';
import { plpPackage, usablePanelMm } from './model.js';

export const PLP_OPTIONS = {
  panel: {
    type: 'enum',
    description:
      'Panel the RDL is built on (technology library `panels`): 310 x 310 mm (TSMC CoPoS / FOPLP), 510 x 515 mm or 600 x 600 mm (FOPLP).',
    default: 'panel_600',
    values: ['panel_310', 'panel_510x515', 'panel_600'],
  },
  mode: {
    type: 'enum',
    description:
      '"fanout": the panel RDL is the package (FOPLP: substrateAreaFactor x the die region, balls on the RDL, no organic substrate); "interposer": a panel RDL interposer mounted on an organic substrate (CoPoS-like).',
    default: 'fanout',
    values: ['fanout', 'interposer'],
  },
  ...RDL_OPTIONS,
} as const;

export const plpPlugin = definePackagingPlugin({
  id: 'plp',
  version: PLUGINS_VERSION,
  apiVersion: PLUGIN_API_VERSION,
  approach: 'panel-level packaging (FOPLP fan-out or CoPoS-like panel interposer)',
  description:
    'Dies side by side on an RDL built on a rectangular panel instead of a 300 mm wafer: a fan-out panel-level package, or a panel RDL interposer on an organic substrate; chip-first or chip-last.',
  defaultCarrier: 'rdl_interposer',
  capabilities: {
    carrierKinds: ['rdl-interposer', 'panel'],
    stacking: false,
    hbmCarrierKinds: ['rdl-interposer', 'panel'],
    components: false,
  },
  options: PLP_OPTIONS,
  models: {
    yield:
      'dies NB per node with test escapes; panel RDL NB(A, D0_panel, α_panel)^(L/L_ref) over the package (fanout) or interposer area; chip-last per-die bond yield, chip-first none (Actuary A5)',
    cost: 'Chiplet Actuary A5 FO assembly flow with the RDL priced per panel: panel $/mm² x panel area x L/L_ref / packages per panel (exact rectangle packing); organic substrate in interposer mode; Actuary A6 NRE',
    bandwidth:
      'per link min(PHY modules on the facing shoreline, RDL wiring = shoreline x 1000/(2·L/S) wires/mm x signal layers x PHY rate / 8)',
    thermal:
      'compact closed-form model (docs/reference/thermal-model.md §4), dies as Si columns, no lateral coupling through RDL + mold (docs/reference/thermal-model.md §4.5)',
  },
  compile(design, tech) {
    const issues = validatePlp(this.id, design, tech);
    if (issues.length > 0) return issues;
    return compileRdlPlan(this, design, tech, plpPackage);
  },
});

export function validatePlp(pluginId: string, design: ResolvedDesign, tech: TechnologyLibrary): InputIssue[] {
  const issues = validateRdl(pluginId, design, tech, {
    needsSubstrate: true,
    checkCarrierMaxArea: false,
  });
  const panelId = String(design.package.options['panel']);
  const panel = tech.panels[panelId];
  if (panel === undefined) {
    issues.push({
      path: 'package.options.panel',
      expected: `a panel id of the technology library (${Object.keys(tech.panels).join(', ')})`,
      found: JSON.stringify(panelId),
    });
    return issues;
  }
  const [uw, uh] = usablePanelMm(panel);
  if (!(uw > 0 && uh > 0)) {
    issues.push({
      path: 'package.options.panel',
      expected: 'a panel with usable area inside its edge',
      found: `${panelId}: ${panel.widthMm} x ${panel.heightMm} mm with a ${panel.edgeMm} mm edge`,
    });
    return issues;
  }
  const index = groupIndex(design.dies.map((d) => d.groupId));
  for (const d of design.dies) {
    const fits = (d.widthMm <= uw && d.heightMm <= uh) || (d.heightMm <= uw && d.widthMm <= uh);
    if (!fits) {
      issues.push({
        path: `chiplets[${index.get(d.groupId)}]`,
        expected: `dies that fit the ${uw} x ${uh} mm usable area of ${panelId}`,
        found: `${d.id}: ${d.widthMm.toFixed(1)} x ${d.heightMm.toFixed(1)} mm`,
      });
    }
  }
  return issues;
}
