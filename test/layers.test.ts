/**
 * The layer rule of `npm run lint` (eslint.config.js, `no-restricted-imports` per folder): a bad
 * import placed in a file of a given layer is reported, a good one passes. The files need not
 * exist; eslint only uses the path to pick the configuration.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/runCli.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

/** The layer-rule messages eslint reports for `code` as if it were the file `path`. */
async function layerMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, {
    filePath: join(REPO_ROOT, path),
  });
  expect(result, path).toBeDefined();
  const fatal = result!.messages.filter((m) => m.fatal === true);
  expect(fatal, path).toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const BAD: [string, string, RegExp][] = [
  ['packages/core/src/math/bad.ts', `import { x } from '@chiplet-dse/plugins';`, /no concrete plugin/],
  ['packages/core/src/sweep/bad.ts', `import { x } from '@chiplet-dse/cli';`, /no concrete plugin/],
  ['packages/core/src/cost/bad.ts', `import { x } from '../sweep/runSweep.js';`, /exploration engine/],
  ['packages/core/src/thermal/bad.ts', `import { x } from '../pareto/index.js';`, /exploration engine/],
  ['packages/core/src/design/bad.ts', `import { x } from '../space/compileSpace.js';`, /exploration engine/],
  ['packages/core/src/plugin/bad.ts', `export { x } from '../space/index.js';`, /exploration engine/],
  ['packages/core/src/index.ts', `import { x } from './sweep/runSweep.js';`, /explore entry/],
  ['packages/core/src/io/bad.ts', `import { x } from '../design/schema.js';`, /lowest layer/],
  ['packages/core/src/io/bad.ts', `import type { x } from '../technology/types.js';`, /lowest layer/],
  ['packages/core/src/technology/bad.ts', `import { x } from '../design/types.js';`, /below design/],
  ['packages/plugins/src/mcm/bad.ts', `import { x } from '@chiplet-dse/cli';`, /never imports the CLI/],
  [
    'packages/plugins/src/mcm/bad.ts',
    `import { x } from '@chiplet-dse/core/explore';`,
    /not the explore entry/,
  ],
  [
    'packages/plugins/src/mcm/bad.ts',
    `import { x } from '@chiplet-dse/core/src/math/index.js';`,
    /core internals/,
  ],
  [
    'packages/plugins/src/mcm/bad.ts',
    `import { x } from '../../../core/src/math/index.js';`,
    /relative path/,
  ],
  [
    'examples/plugin-glass-core/src/bad.ts',
    `import { x } from '@chiplet-dse/core/explore';`,
    /not the explore entry/,
  ],
];

const GOOD: [string, string][] = [
  ['packages/core/src/math/good.ts', `import { x } from './yieldModels.js';`],
  ['packages/core/src/design/good.ts', `import { x } from '../technology/types.js';`],
  ['packages/core/src/design/good.ts', `import { x } from '../io/zodIssues.js';`],
  ['packages/core/src/io/good.ts', `import { x } from '../errors.js';`],
  ['packages/core/src/space/good.ts', `import { x } from '../design/spaceSchema.js';`],
  ['packages/core/src/sweep/good.ts', `import { x } from '../pareto/index.js';`],
  ['packages/core/src/explore.ts', `import { x } from './sweep/runSweep.js';`],
  ['packages/plugins/src/mcm/good.ts', `import { x } from '@chiplet-dse/core';`],
  ['packages/plugins/src/mcm/good.test.ts', `import { x } from '@chiplet-dse/core/testing';`],
  ['examples/plugin-glass-core/src/good.ts', `import { x } from '@chiplet-dse/core';`],
  ['packages/cli/src/commands/good.ts', `import { x } from '@chiplet-dse/core/explore';`],
  ['packages/cli/src/commands/good.ts', `import { x } from '@chiplet-dse/plugins';`],
];

describe('layer rule', () => {
  it.each(BAD)('reports %s: %s', async (path, code, message) => {
    const messages = await layerMessages(path, code);
    expect(messages).toContainEqual(expect.stringMatching(message));
  });

  it.each(GOOD)('passes %s: %s', async (path, code) => {
    expect(await layerMessages(path, code)).toEqual([]);
  });
});
