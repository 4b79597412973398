import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'process',
  'stream',
  'util',
  'events',
  'timers',
  'worker_threads',
  'dns',
  'url',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/', 'web/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read loosely typed JSON replies.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // domain/ is pure and workflows/ must stay deterministic: no Node built-ins, no database, no clock from outside.
    files: ['domain/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.flatMap((name) => [name, `node:${name}`]),
            'mongoose',
            'express',
            '@temporalio/client',
            '@temporalio/worker',
            '@temporalio/activity',
          ].map((name) => ({
            name,
            message: 'domain/ and workflows/ are deterministic and free of I/O.',
          })),
          patterns: [
            { group: ['**/store/*', '**/api/*', '**/activities/*', '**/config/*'], allowTypeImports: true, message: 'Only type imports from I/O layers.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'No process in domain/ or workflows/.' }],
    },
  },
);
