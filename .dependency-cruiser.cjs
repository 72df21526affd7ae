/**
 * Module boundaries (docs/architecture.md), checked by `npm test` (`npm run lint:deps`).
 * Server: layers from the bottom: db and geo, then platform, then modules; app.ts, main.ts and
 * runtime.ts assemble them. A module is used by others only through its public face,
 * `modules/<name>/index.ts`.
 * Web: `app/` (shell, api client, app-wide data) and `components/` (shared UI) sit under the
 * pages; each folder of `pages/` is one module, used by no other page. The field app is an app of
 * its own beside the console.
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
      name: 'web-no-circular',
      severity: 'error',
      comment:
        'As no-circular, for the web. A lazy import (the module list loading a page) runs only after both ends have loaded, so a page may read the module list it is listed in.',
      from: { path: '^web/src' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'dynamic-import'] } },
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
    {
      name: 'web-pages-independent',
      severity: 'error',
      comment:
        'A page folder does not reach into another: what two pages share lives in components/ (UI) or app/ (app-wide data).',
      from: { path: '^web/src/pages/([^/]+)/' },
      to: { path: '^web/src/pages/', pathNot: '^web/src/pages/$1/' },
    },
    {
      name: 'web-shared-below-pages',
      severity: 'error',
      comment:
        "components/ and app/ are used by the pages, never the other way. Only the router and the module list (which lazy-load the pages) and the translation tables (which gather each page's own) assemble them.",
      from: {
        path: '^web/src/(app|components)/',
        pathNot: ['^web/src/app/(router|modules)\\.tsx$', '^web/src/app/locales/'],
      },
      to: { path: '^web/src/pages/' },
    },
    {
      name: 'web-field-apart',
      severity: 'error',
      comment: "The field app and the console share components/ and app/, not each other's screens.",
      from: { path: '^web/src/field/' },
      to: { path: '^web/src/pages/' },
    },
    {
      name: 'web-console-without-field',
      severity: 'error',
      from: { path: '^web/src/(app|components|pages)/' },
      to: { path: '^web/src/field/' },
    },
    {
      name: 'web-server-types-only',
      severity: 'error',
      comment:
        "The web takes the server's types from its schemas, never its code: the server's modules are not bundled into the browser.",
      from: { path: '^web/src/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$|^server/src/test/' },
    tsPreCompilationDeps: true,

    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
