// Bounds on what one request may ask the database to do. Regular expressions are the expensive
// lookup (every row runs every pattern; PostgreSQL compiles each one), so they get tight limits;
// other values only a generous total, well above real use (pynetbox's `filter(id=[…])` lists) and
// below Django's 1,000-parameter cap. Whatever still runs long is cut off by the request pool's
// statement_timeout (src/server/db/client.ts).

export const MAX_REGEX_VALUES = 20;
export const MAX_REGEX_LENGTH = 256;
export const MAX_FILTER_VALUES = 500;
