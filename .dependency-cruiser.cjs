// The direction of dependencies (docs/architecture.md): model imports nothing; engines import
// storage and model; only apps wire engines together; nothing imports apps; no cycles.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'model-imports-nothing',
      severity: 'error',
      from: { path: '^packages/model/' },
      to: { path: '^(packages/(?!model/)|apps/|tools/)' },
    },
    {
      name: 'model-no-runtime-deps',
      severity: 'error',
      from: { path: '^packages/model/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'storage-is-interfaces',
      severity: 'error',
      from: { path: '^packages/storage/' },
      to: { path: '^(packages/(?!(model|storage)/)|apps/|tools/)' },
    },
    {
      name: 'engines-import-storage-and-model-only',
      severity: 'error',
      from: { path: '^packages/(tsdb|query|monitor)/', pathNot: '(\\.(test|bench)\\.ts$|/src/(bench|testing)/)' },
      to: { path: '^packages/(?!(model|storage|tsdb|query|monitor)/)' },
    },
    {
      name: 'engines-do-not-import-each-other',
      severity: 'error',
      from: { path: '^packages/(query|monitor)/', pathNot: '(\\.(test|bench)\\.ts$|/src/testing/)' },
      to: { path: '^packages/tsdb/' },
    },
    {
      name: 'catalog-imports-model-only',
      severity: 'error',
      from: { path: '^packages/catalog/' },
      to: { path: '^(packages/(?!(model|catalog)/)|apps/|tools/)' },
    },
    {
      // Channels, routing and delivery are given what they need (the server wires the catalog in).
      name: 'notify-imports-model-only',
      severity: 'error',
      from: { path: '^packages/notify/', pathNot: '(\\.(test|bench)\\.ts$|/src/(bench|testing)/)' },
      to: { path: '^packages/(?!(model|notify)/)' },
    },
    {
      // The agent's config reader is shared by the agent and the CLI; it needs only the client's types.
      name: 'agent-config-imports-client-and-model-only',
      severity: 'error',
      from: { path: '^packages/agent-config/' },
      to: { path: '^(packages/(?!(model|client|agent-config)/)|apps/|tools/)' },
    },
    {
      name: 'ingest-imports-storage-and-model-only',
      severity: 'error',
      from: { path: '^packages/ingest/', pathNot: '(\\.(test|bench)\\.ts$|/src/(bench|testing)/)' },
      to: { path: '^packages/(?!(model|storage|ingest)/)' },
    },
    {
      name: 'only-the-server-wires-tsdb',
      severity: 'error',
      from: { path: '^packages/(?!tsdb/)', pathNot: '(\\.(test|bench)\\.ts$|/src/(bench|testing)/)' },
      to: { path: '^packages/tsdb/' },
    },
    {
      // The API validates monitors with the monitor kinds' schemas and hands posts to the monitor
      // engine it is given (decision 0008); it never touches the storage engine or the query engines.
      name: 'api-does-not-import-engines',
      severity: 'error',
      from: { path: '^packages/api/' },
      to: { path: '^packages/(tsdb|query)/' },
    },
    {
      // Test support (src/testing/) may wire real engines; shipped code never imports it.
      name: 'only-tests-import-testing',
      severity: 'error',
      from: { pathNot: '(\\.(test|bench)\\.ts$|/src/(bench|testing)/)' },
      to: { path: '/src/testing/' },
    },
    {
      name: 'nothing-imports-apps',
      severity: 'error',
      from: { pathNot: '^apps/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'packages-do-not-import-tools',
      severity: 'error',
      from: { path: '^packages/', pathNot: '(\\.(test|bench)\\.ts$|/src/bench/)' },
      to: { path: '^tools/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|/testdata/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
