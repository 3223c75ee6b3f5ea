// One jest run for the whole repository: component tests live beside each service
// (services/*/test), cross-service tests in tests/. @swc/jest strips types (tsc checks them).
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/services', '<rootDir>/contracts', '<rootDir>/tools', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  testTimeout: 30000,
  moduleNameMapper: {},
};
