/**
 * Column types that differ between engines. Entities are shared by SQLite and PostgreSQL, but an
 * instant must be `timestamptz` on PostgreSQL (so it is stored in UTC whatever the server's zone)
 * while SQLite only knows `datetime`. The engine is fixed for the life of a process, so it is read
 * once from the environment when the entity files load.
 */
const isPostgres = (process.env.DB_TYPE ?? 'sqlite') === 'postgres';

export const TIMESTAMP = isPostgres ? 'timestamptz' : 'datetime';
