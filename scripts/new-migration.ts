// Authors a migration: the SQL that turns the last committed schema.prisma into the working one.
// Usage: npm run db:new-migration -- <snake_case_name>
// Prisma's wasm schema engine connects through the pg adapter even for a datamodel-to-datamodel diff,
// so a scratch embedded PostgreSQL is started for the duration.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbedded } from "@/server/db/embedded";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name))
  throw new Error("usage: npm run db:new-migration -- <snake_case_name>");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-migration-"));
fs.chmodSync(scratch, 0o755);
const previous = path.join(scratch, "previous.prisma");
fs.writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));
const pg = await startEmbedded(path.join(scratch, "db"), "cli");
try {
  const result = spawnSync(
    process.execPath,
    [
      "scripts/prisma.mjs",
      "migrate",
      "diff",
      "--from-schema-datamodel",
      previous,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, PRISMA_CLI_DATABASE_URL: pg.url },
    },
  );
  if (result.status !== 0) process.exitCode = result.status ?? 1;
  else if (!/\b(CREATE|ALTER|DROP)\b/.test(result.stdout))
    console.error("schema.prisma has no change against HEAD");
  else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), result.stdout);
    console.log(`wrote ${dir}/migration.sql`);
  }
} finally {
  await pg.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
