// Jest runs our ESM TypeScript through SWC (decorator metadata included, which Nest's DI needs).
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];
// Tests against PostgreSQL and the built code: one build and one database server for the whole run
// (the setup runs once however many of these projects are selected). Unit tests need neither.
const withPlatform = {
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    // The libraries' public entries (package.json "imports"): the sources, not the build.
    '^#lib/(.+)$': '<rootDir>/libs/$1/src/index.ts',
    '^#domain/(.+)$': '<rootDir>/libs/$1/src/domain/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};
export default {
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  // Integration files share one PostgreSQL server: a gap-safe read may wait for another file's transaction.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...common, ...withPlatform, displayName: 'int', slowTestThreshold: 30, testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    {
      ...common,
      ...withPlatform,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/platform-start.e2e-spec.ts', '<rootDir>/test/distributed/'],
    },
    // The Kafka cluster's runs (a broker and the deployables as processes): `--selectProjects distributed`.
    { ...common, ...withPlatform, displayName: 'distributed', testMatch: ['<rootDir>/test/distributed/**/*.e2e-spec.ts'] },
    // `npm start` rebuilds dist/: it runs in a pass of its own, after the tests that run the built code.
    { ...common, ...withPlatform, displayName: 'start', testMatch: ['<rootDir>/test/platform-start.e2e-spec.ts'] },
  ],
};
