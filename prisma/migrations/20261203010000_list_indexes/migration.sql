-- Trigram indexes for the list API's free-text search (`q`) and the icontains-family lookups
-- (`__ic`, `__isw`, `__iew`, `__ie` and their negations) on the searched text columns. schema.prisma
-- cannot express these without a preview feature, so they live only here; the drift test
-- (test/integration/migrations.test.ts) knows every index named *_trgm comes from SQL alone.
-- pg_trgm is a trusted extension: the database owner (the unprivileged proxbox_app) may create it. Its
-- functions are then owned by the bootstrap superuser, so they get a schema of their own rather than
-- public, where the app role owns everything (test/integration/database-role.test.ts).
CREATE SCHEMA IF NOT EXISTS "extensions";
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "extensions";

CREATE INDEX "replication_replication_id_trgm" ON "replication" USING gin ("replication_id" "extensions".gin_trgm_ops);
CREATE INDEX "replication_target_trgm" ON "replication" USING gin ("target" "extensions".gin_trgm_ops);
CREATE INDEX "replication_source_trgm" ON "replication" USING gin ("source" "extensions".gin_trgm_ops);
CREATE INDEX "replication_comment_trgm" ON "replication" USING gin ("comment" "extensions".gin_trgm_ops);
CREATE INDEX "virtual_machine_name_trgm" ON "virtual_machine" USING gin ("name" "extensions".gin_trgm_ops);
