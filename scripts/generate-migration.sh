#!/usr/bin/env bash
# Generates a migration for BOTH engines from the difference between the entities and a database
# built by the existing migrations: scripts/generate-migration.sh AddSomething
set -euo pipefail
name=${1:?usage: scripts/generate-migration.sh MigrationName}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DB_TYPE=sqlite DATABASE_PATH="$tmp/gen.sqlite" npx typeorm-ts-node-commonjs migration:run -d ormconfig.ts >/dev/null
DB_TYPE=sqlite DATABASE_PATH="$tmp/gen.sqlite" npx typeorm-ts-node-commonjs migration:generate -d ormconfig.ts "src/database/migrations/sqlite/$name"
db="eom_gen_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
trap 'rm -rf "$tmp"; psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db"' EXIT
url="postgres://postgres@127.0.0.1:5432/$db"
DB_TYPE=postgres DATABASE_URL="$url" npx typeorm-ts-node-commonjs migration:run -d ormconfig.ts >/dev/null
DB_TYPE=postgres DATABASE_URL="$url" npx typeorm-ts-node-commonjs migration:generate -d ormconfig.ts "src/database/migrations/postgres/$name"
npx prettier --write src/database/migrations >/dev/null
