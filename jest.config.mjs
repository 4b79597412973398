// Unit tests live beside the code in domain/; anything that needs servers lives in test/.
// The global setup starts one Temporal dev server and one FerretDB per run.
// (.mjs rather than .js: ESM needs no CommonJS globals, which the lint config does not define.)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  // jest refuses a root that does not exist, and an empty folder is not in git.
  roots: ['domain', 'test'].filter((dir) => existsSync(path.join(root, dir))).map((dir) => `<rootDir>/${dir}`),
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
