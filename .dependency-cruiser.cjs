// Import rules of issue 21, run by `npm run lint:deps` (part of `npm test`). Only src/ is cruised:
// test/, bench/ and scripts/ talk to the real databases directly and are not held to these rules.

// A driver package, wherever node_modules resolves to (it may be a symlink), or by bare name if unresolved.
const DRIVERS = '(^|/)node_modules/(@types/)?(pg|pg-[^/]+|sqlite3)/|^(pg|pg-[^/]+|sqlite3)$';

module.exports = {
  forbidden: [
    // Only src/database talks to a database driver (pg, pg-*, sqlite3), `import type` included.
    {
      name: 'no-driver-outside-database',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/database/' },
      to: { path: DRIVERS },
    },
    // Outside src/database only its door (index.ts) and the entities' column types may be imported ...
    {
      name: 'database-through-its-door',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(database/|cli/|app\\.module\\.ts$)' },
      to: { path: '^src/database/', pathNot: '^src/database/(index|column-types)\\.ts$' },
    },
    // ... app.module.ts may also register database.module.ts ...
    {
      name: 'database-through-its-door',
      severity: 'error',
      from: { path: '^src/app\\.module\\.ts$' },
      to: { path: '^src/database/', pathNot: '^src/database/(index|column-types|database\\.module)\\.ts$' },
    },
    // ... and the CLI, which declares no entity, the door only.
    {
      name: 'database-through-its-door',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/database/', pathNot: '^src/database/index\\.ts$' },
    },
    // Feature folders (src/<feature>/) in a cycle: an edge leaving a feature on a folder-level cycle.
    // Caveat of dependency-cruiser's folder graph: an edge points at the folder holding the imported
    // file, so a cycle whose edges all land in subfolders (a/x -> b/y, b/entities/z -> a/entities/w)
    // is not seen. Files of one feature importing each other in a circle are not flagged.
    {
      name: 'no-feature-cycles',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/([^/]+)' },
      to: { circular: true, pathNot: '^src/$1(/|$)' },
    },
    // The same at file level: a module cycle that passes through another feature, named file by file.
    {
      name: 'no-feature-cycles',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^src/$1/' } },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
