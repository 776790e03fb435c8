// Lint for the whole monorepo. House rule: rules/, forms/, pack-review/, dispatch-catalogue/ and api-types/ are the pure
// side (no I/O, no environment), so the same code runs in the browser, the CLI and the server.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '**/.turbo/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['rules/src/**/*.ts', 'forms/src/**/*.ts', 'pack-review/src/**/*.ts', 'dispatch-catalogue/src/**/*.ts', 'api-types/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'pg', 'knex'], message: 'rules/, forms/, pack-review/, dispatch-catalogue/ and api-types/ are pure: no I/O. Do the I/O in cities/, cli/ or server/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'rules/, forms/, pack-review/, dispatch-catalogue/ and api-types/ are pure: take configuration as an argument.' }, { name: 'fetch', message: 'rules/, forms/, pack-review/, dispatch-catalogue/ and api-types/ are pure: no I/O.' }],
    },
  },
);
