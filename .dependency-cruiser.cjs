/**
 * Module boundaries (docs/architecture.md), checked by `npm test` (`npm run lint:deps`).
 * Layers from the bottom: db and geo, then platform, then modules; app.ts, main.ts and runtime.ts
 * assemble them. A module is used by others only through its public face, `modules/<name>/index.ts`.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles make load order matter and modules impossible to read alone. A type-only import is erased at run time and does not count.',
      from: { path: '^server/src' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'module-public-face',
      severity: 'error',
      comment: 'Another module is used only through its index.ts; its other files are its own.',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/([^/]+)/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'outside-uses-public-face',
      severity: 'error',
      comment: 'The app, command line and platform reach a module only through its index.ts.',
      from: { path: '^server/src/(app|main|runtime)\\.ts$' },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'demo-on-top',
      severity: 'error',
      comment: 'demo sits on top of all modules, never underneath.',
      from: { path: '^server/src/modules/(?!demo/)' },
      to: { path: '^server/src/modules/demo/' },
    },
    {
      name: 'platform-below-modules',
      severity: 'error',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'db-geo-below-platform',
      severity: 'error',
      from: { path: '^server/src/(db|geo)/' },
      to: { path: '^server/src/(platform|modules)/' },
    },
    {
      name: 'only-repositories-import-kysely',
      severity: 'error',
      comment:
        'SQL lives in repositories (and in db/ and the migrations). A type-only import (a Transaction parameter) builds no query and does not count.',
      from: {
        path: '^server/src/',
        pathNot: ['\\.repository\\.ts$', '^server/src/db/', '\\.test\\.ts$', '^server/src/test/'],
      },
      to: { path: 'node_modules/kysely/', dependencyTypes: ['npm'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|^server/src/test/' },
    tsPreCompilationDeps: true,

    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
