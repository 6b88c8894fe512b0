// Jest runs our ES modules natively (NestJS 12 ships ESM only); see README "Tests".
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import './x.js' (NodeNext); map back to the .ts file for ts-jest. Not `x.json.js`, which is
  // how some packages (libphonenumber-js) ship JSON as a module.
  moduleNameMapper: { '^(\\.{1,2}/.*)(?<!\\.json)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
};

export default {
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Compiled by `npm run build`: Jest loads global setup outside its module mapper, as plain Node ESM.
      globalSetup: '<rootDir>/dist/test/setup/global-setup.js',
      globalTeardown: '<rootDir>/dist/test/setup/global-teardown.js',
    },
  ],
};
