/**
 * The directions imports may take between the libraries (npm run lint checks them on every file).
 *
 * Lower layers never import higher ones. A feature slice imports the platform libraries, the alert
 * inbox's runtime (alerts: each feature contributes its own alert rules to it) and the features
 * listed under it; the chronology view sits above the features, audit above the views, the
 * composition (platform) above everything but the test harness.
 * Inside a slice, `src/domain/` is pure: it imports only the kernel and other slices' domains.
 * Across libraries an import goes through the library's public entry (`#lib/<name>`, or
 * `#domain/<name>` from a domain), never into its files.
 */
const PLATFORM = ['kernel', 'event-store', 'core', 'auth', 'privacy', 'read-models', 'printing'];
const ALLOWED = {
  kernel: [],
  'event-store': ['kernel'],
  core: ['kernel', 'event-store'],
  auth: ['kernel', 'event-store', 'core'],
  privacy: ['kernel', 'event-store', 'core'],
  'read-models': ['kernel', 'event-store', 'core', 'auth'],
  // Records as PDF (pdfkit): knows no feature, the features say what to print.
  printing: ['kernel', 'event-store', 'core'],
  messaging: [...PLATFORM],
  // The inbox knows no feature: the features hand it their rules.
  alerts: [...PLATFORM],
  workforce: [...PLATFORM, 'alerts'],
  pupils: [...PLATFORM, 'alerts', 'workforce'],
  concerns: [...PLATFORM, 'alerts', 'pupils', 'workforce'],
  incidents: [...PLATFORM, 'alerts', 'pupils', 'workforce'],
  'mis-import': [...PLATFORM, 'pupils', 'workforce'],
  chronology: [...PLATFORM, 'alerts', 'pupils', 'workforce', 'concerns', 'incidents'],
  // Files kept with the features' records: who may read a record decides who may read its files.
  attachments: [...PLATFORM, 'alerts', 'pupils', 'workforce', 'concerns', 'incidents'],
  // Email alerts and in-app notices: effects of the inbox's alerts and of the features' events.
  notifications: [...PLATFORM, 'alerts', 'pupils', 'workforce', 'concerns', 'incidents'],
  // Reports count across the features, like the chronology.
  reports: [...PLATFORM, 'alerts', 'pupils', 'workforce', 'concerns', 'incidents'],
  audit: [...PLATFORM, 'alerts', 'pupils', 'workforce', 'concerns', 'incidents', 'chronology'],
  // A pupil's child protection file travels whole: the chronology, the concerns and the restraint records.
  'cp-transfers': [...PLATFORM, 'alerts', 'pupils', 'workforce', 'concerns', 'incidents', 'chronology'],
  platform: [
    ...PLATFORM,
    'messaging',
    'pupils',
    'workforce',
    'concerns',
    'incidents',
    'mis-import',
    'chronology',
    'reports',
    'alerts',
    'audit',
    'cp-transfers',
    'attachments',
    'notifications',
  ],
};
const LIBRARIES = [...Object.keys(ALLOWED), 'testing'];

// Tests (and the test harness) may use any library, still only through its public entry.
const TESTS = '(\\.(spec|int-spec|e2e-spec)\\.ts$|/testing/)';

const layerRules = Object.entries(ALLOWED).map(([lib, allowed]) => ({
  name: `layers-${lib}`,
  comment: `libs/${lib} may import only: ${allowed.join(', ') || 'nothing but itself'}`,
  severity: 'error',
  from: { path: `^libs/${lib}/`, pathNot: TESTS },
  to: { path: '^libs/([^/]+)/', pathNot: [`^libs/(${[lib, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, within a library or between libraries.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'public-entry-only',
      comment: 'Another library is imported through its public entry (#lib/<name> → src/index.ts), never into its files.',
      severity: 'error',
      from: { path: '^(libs/([^/]+)|apps|test|bench|scripts)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/domain/index\\.ts$'] },
    },
    {
      name: 'alias-across-libraries',
      comment: 'Across libraries, import #lib/<name> (package.json "imports"), not a relative path.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'A domain folder imports only the kernel and domains: no framework, no I/O.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/', pathNot: TESTS },
      to: { pathNot: ['^libs/kernel/src/', '^libs/[^/]+/src/domain/'] },
    },
    {
      name: 'kernel-is-pure',
      comment: 'The kernel is plain TypeScript (the London calendar aside).',
      severity: 'error',
      from: { path: '^libs/kernel/src/', pathNot: TESTS },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '/@date-fns/tz/' },
    },
    {
      name: 'no-library-imports-an-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code never imports a test or the test harness.',
      severity: 'error',
      from: { path: '^(libs|apps)/', pathNot: TESTS },
      to: { path: ['\\.(spec|int-spec|e2e-spec)\\.ts$', '^libs/testing/', '/testing/'] },
    },
    {
      name: 'known-libraries',
      comment: `Every library is placed in the layers above (${LIBRARIES.join(', ')}).`,
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^libs/', pathNot: `^libs/(${LIBRARIES.join('|')})/` },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|apps/web)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      // package.json "imports" (#lib/…) resolve to the sources through their `types` condition.
      conditionNames: ['types', 'import', 'default'],
      extensions: ['.ts', '.js'],
    },
    moduleSystems: ['es6'],
  },
};
