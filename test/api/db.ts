// A fresh, migrated PostgreSQL database per test file (named without "use" so the hooks lint rule,
// written for React, does not mistake it for a hook).
export { setupTestDatabase as freshDatabasePerFile } from "../helpers/db";
