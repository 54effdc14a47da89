import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";

// One Prisma client per process. The URL is resolved once at boot (embedded server or DATABASE_URL)
// and handed over through PROXBOX_RUNTIME_DATABASE_URL, so Next's bundled route code and tsx-loaded
// code (CLI, worker) agree without each starting a database.

const globalForDb = globalThis as unknown as { proxboxDb?: { url: string; client: PrismaClient } };

export function runtimeDatabaseUrl(): string {
  const url = process.env.PROXBOX_RUNTIME_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("the database is not started (PROXBOX_RUNTIME_DATABASE_URL is unset)");
  return url;
}

export function getDb(): PrismaClient {
  const url = runtimeDatabaseUrl();
  const cached = globalForDb.proxboxDb;
  if (cached && cached.url === url) return cached.client;
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  globalForDb.proxboxDb = { url, client };
  return client;
}

export async function disconnectDb(): Promise<void> {
  const cached = globalForDb.proxboxDb;
  globalForDb.proxboxDb = undefined;
  await cached?.client.$disconnect();
}

/** `db.replication.findMany(...)` anywhere on the server, bound lazily to the booted database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type { PrismaClient };
