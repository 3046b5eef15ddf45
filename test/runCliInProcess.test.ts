/** The in-process CLI helper leaves nothing behind: one run cannot change the next. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/runCli.js';
import { runCliInProcess } from './helpers/runCliInProcess.js';

const work = mkdtempSync(join(tmpdir(), 'dse-inproc-'));
const design = (name: string, system: string, approach = 'monolithic') => {
  const file = join(work, name);
  writeFileSync(
    file,
    `name: x\nsystem: ${system}\nchiplets: [{ id: tile, count: 3, areaMm2: 100, node: n5, powerW: 30, phy: ucie_standard }]\n` +
      `links: [{ from: tile, to: tile, bandwidthGBps: 100 }]\npackage: { approach: ${approach} }\n`,
  );
  return file;
};

describe('runCliInProcess: consecutive runs do not influence each other', () => {
  it("a plugin's yield model is not there in the next run without the plugin", async () => {
    const file = design('rect.yaml', '{ volumeUnits: 100000, yieldModel: murphy-rectangular }', 'mcm');
    const withPlugin = await runCliInProcess(['evaluate', file, '--plugin', './examples/plugin-extensions']);
    expect(withPlugin.code, withPlugin.stderr).toBe(0);
    const without = await runCliInProcess(['evaluate', file]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(
      /system\.yieldModel: expected a registered yield model id .*"murphy-rectangular"/,
    );
  });

  it('process.exit in a plugin is reported, and process.exit, output and listeners are restored', async () => {
    const exit = process.exit;
    const write = process.stderr.write;
    const sigint = process.listenerCount('SIGINT');
    const r = await runCliInProcess([
      'evaluate',
      design('three.yaml', '{ volumeUnits: 100000 }', 'exiting'),
      '--plugin',
      join(REPO_ROOT, 'test/fixtures/plugins/exiting-plugin.mjs'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: model error in plugin exiting: called process\.exit\(3\)/m);
    expect(process.exit).toBe(exit);
    expect(process.stderr.write).toBe(write);
    expect(process.listenerCount('SIGINT')).toBe(sigint);
  });

  it('refuses process behaviour (--help, --version, completion) and restores everything after a throw', async () => {
    const write = process.stdout.write;
    await expect(runCliInProcess(['tech', '--help'])).rejects.toThrow(
      /--help is process behaviour; use runCli/,
    );
    await expect(runCliInProcess(['completion'])).rejects.toThrow(/use runCli/);
    expect(process.stdout.write).toBe(write);
    expect((await runCliInProcess(['schema', 'technology'])).code).toBe(0);
  });

  it("the test's environment is set for the run only", async () => {
    expect(process.env['CHIPLET_DSE_INPROC_PROBE']).toBeUndefined();
    await runCliInProcess(['schema'], REPO_ROOT, undefined, { CHIPLET_DSE_INPROC_PROBE: '1' });
    expect(process.env['CHIPLET_DSE_INPROC_PROBE']).toBeUndefined();
  });
});
