import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The CLI runs its WebAssembly schema engine through the pg adapter, so it never downloads a native
// engine. We only use datamodel-to-SQL commands (generate, migrate diff between datamodels); the
// database URL is a placeholder those commands need to construct the adapter.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.PRISMA_CLI_DATABASE_URL ?? "postgresql://localhost/none",
    });
  },
});
