// Jest runs our ES modules natively (NestJS 12 ships ESM only); see README "Tests".
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import './x.js' (NodeNext); map back to the .ts file for ts-jest.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // A CommonJS dependency (@fastify/static, for Swagger UI) require()s this ESM-only package. Node 20
    // does that natively, Jest's module loader on Node 20 does not: compile that one package to CommonJS.
    '/node_modules/content-disposition/.+\\.js$': [
      'babel-jest',
      { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
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
