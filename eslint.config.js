// Lint: typescript-eslint's recommended rules, plus the one architectural rule that keeps the
// services apart: a service imports only @saga/contracts and @saga/runtime, never another service.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const otherServices = ['@saga/order', '@saga/catalog', '@saga/payments', '@saga/notifications'];

// Nothing under services/ reaches the dev harness (the in-process hub, PGlite, development tokens):
// production images hold neither. Tests there get it through tests/support.
const harnessMessage =
  'Only local runs and tests use the dev harness and PGlite (tools/dev-harness); services/ never imports them.';
const noHarness = {
  paths: ['@saga/dev-harness', '@electric-sql/pglite', '@electric-sql/pglite-socket'].map((name) => ({
    name,
    message: harnessMessage,
  })),
  patterns: [{ group: ['@saga/dev-harness/*', '@electric-sql/*', '**/tools/dev-harness/**'], message: harnessMessage }],
};

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/generated/**',
      '.data/**',
      'bench-results/**',
      'coverage/**',
      'apps/web/dist/**',
      'dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['services/**/*.ts'], rules: { 'no-restricted-imports': ['error', noHarness] } },
  ...['order', 'catalog', 'payments', 'notifications'].map((name) => ({
    files: [`services/${name}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...otherServices
              .filter((s) => s !== `@saga/${name}`)
              .map((s) => ({ name: s, message: 'Services share only @saga/contracts and @saga/runtime.' })),
            ...noHarness.paths,
          ],
          patterns: [
            {
              group: ['../../*/src/*', '**/services/*/src/**'],
              message: 'Services share only @saga/contracts and @saga/runtime.',
            },
            ...noHarness.patterns,
          ],
        },
      ],
    },
  })),
  // Type-aware rules for the async mistakes a review misses: a promise nobody awaits or catches
  // (an unhandled rejection, or work that silently outlives its request), and a promise passed
  // where a callback's result is ignored (express handlers, event emitters, timers).
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/test/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
  },
);
