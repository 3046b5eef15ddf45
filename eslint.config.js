import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// --- Layers (docs/architecture.md, "Packages and what each may depend on") ------------------------
// One `no-restricted-imports` setting per group of files: in flat config a later block replaces an
// earlier block's options for the same rule, so every block below carries its full list and the
// blocks' `files` do not overlap. test/layers.test.ts checks that the rule reports a bad import.

/** Core folders that hold models; they never reach up into the exploration engine. */
const CORE_MODEL_FOLDERS = [
  'math',
  'cost',
  'geometry',
  'bandwidth',
  'thermal',
  'technology',
  'design',
  'metrics',
  'plugin',
  'io',
  'evaluate',
  'conformance',
];
const EXPLORE_FOLDERS = 'space|pareto|sweep';

const noConcretePackages = {
  regex: '^@chiplet-dse/(plugins|cli)(/|$)',
  message: 'Core knows no concrete plugin and no CLI: load plugins by specifier, from the caller.',
};
const noExploreFromModels = {
  regex: `^\\.\\./(${EXPLORE_FOLDERS})(/|\\.js$)|^\\.\\./explore\\.js$|^@chiplet-dse/core/explore$`,
  message:
    'Model folders of core never import the exploration engine (space, pareto, sweep): it sits above them.',
};
const noExploreFromEntries = {
  regex: `^\\./(${EXPLORE_FOLDERS})/|^\\./explore\\.js$`,
  message: 'Only the explore entry (src/explore.ts) exposes space, pareto and sweep.',
};
/** Extra rules of single core folders. */
const CORE_FOLDER_RULES = {
  io: [
    {
      regex: '^\\.\\./(?!errors\\.js$)',
      message: 'io is the lowest layer of core: it imports no other core folder (only ../errors.js).',
    },
  ],
  technology: [
    {
      regex: '^\\.\\./design/',
      message: 'technology sits below design: design imports it, not the reverse.',
    },
  ],
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const layerRules = [
  { files: ['packages/core/**/*.{ts,js,mjs}'], rules: restrict(noConcretePackages) },
  {
    files: ['packages/core/src/index.ts', 'packages/core/src/testing.ts'],
    rules: restrict(noConcretePackages, noExploreFromEntries),
  },
  ...CORE_MODEL_FOLDERS.map((folder) => ({
    files: [`packages/core/src/${folder}/**`],
    rules: restrict(noConcretePackages, noExploreFromModels, ...(CORE_FOLDER_RULES[folder] ?? [])),
  })),
  {
    // Plugins, built-in or third-party, use core's public entries only: `@chiplet-dse/core` and,
    // in tests, `@chiplet-dse/core/testing`.
    files: ['packages/plugins/**', 'examples/**'],
    rules: restrict(
      { regex: '^@chiplet-dse/cli(/|$)', message: 'A plugin never imports the CLI.' },
      {
        regex: '^@chiplet-dse/core/(?!testing$)',
        message:
          'Plugins import `@chiplet-dse/core` (and `@chiplet-dse/core/testing` in tests) only: not the explore entry nor core internals.',
      },
      {
        regex: '(^|/)core/(src|dist)(/|$)',
        message: 'Plugins import core through `@chiplet-dse/core`, never its files by relative path.',
      },
    ),
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'dse-out/**', '.tmp/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
      },
    },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules,
);
