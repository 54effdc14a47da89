import "server-only";
import path from "node:path";
import { z } from "zod";
import { parseAddressList, parseTrustedProxies } from "@/server/http/forwarded";

// Every setting Proxbox reads, parsed once. A bad value fails at start with a message naming it,
// rather than at 3 a.m. inside a worker.
const postgresUrl = z.string().refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
  message: "must be a postgresql://user:password@host:port/database URL",
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  PROXBOX_DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PROXBOX_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
    .optional(),
  PROXBOX_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PROXBOX_WORKER: z.enum(["on", "off"]).default("on"),
  // Sync runs one process with a worker (web server or `proxbox worker`) executes at once (bench/many-endpoints.ts).
  PROXBOX_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  // On SIGTERM/SIGINT a held sync run may finish within this many ms, else it is handed back (queued again).
  PROXBOX_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(15_000),
  PROXBOX_STALE_PURGE_DAYS: z.coerce.number().int().min(0).default(0),
  // Health history (replication_health_event, health_sample) older than this many days is pruned by the scheduler.
  PROXBOX_HEALTH_HISTORY_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  // Alert deliveries (issue 14): retries after a failed send, with exponential backoff from this delay
  // (30 s → 30, 60, 120, 240, 480 s), and how many deliveries one process sends at once.
  PROXBOX_ALERT_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(5),
  PROXBOX_ALERT_RETRY_DELAY_S: z.coerce.number().int().min(1).max(3600).default(30),
  PROXBOX_ALERT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // How often each process with a worker looks for due schedules and dead workers' runs.
  PROXBOX_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  // A running sync whose worker sent no heartbeat for this long died with it: marked failed.
  PROXBOX_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  // Cap on one Proxmox API response body, in MiB (src/server/proxmox/transport.ts says why 128).
  PROXBOX_PROXMOX_MAX_RESPONSE_MB: z.coerce.number().int().min(1).max(1024).default(128),
  // The origin clients reach the app under (behind a proxy): every absolute API URL uses it. No path:
  // Next's routes are fixed at build time, so the app cannot be served under a prefix.
  PROXBOX_PUBLIC_URL: z
    .string()
    .refine(
      (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol),
      "must be an http:// or https:// URL",
    )
    .refine((v) => !URL.canParse(v) || (new URL(v).pathname === "/" && !new URL(v).search), {
      message:
        "must be an origin such as https://proxbox.example.com (no path: a path prefix is not supported)",
    })
    .optional(),
  // Request queries (pages, tRPC, REST) are cancelled after this many ms; the sync has no limit. 0 = off.
  PROXBOX_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  // Reverse proxies whose X-Forwarded-For/-Host/-Proto are believed: "*" or addresses and CIDR ranges.
  PROXBOX_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  // GET /metrics without an API token: client addresses and CIDR ranges allowed to scrape (the client
  // address as PROXBOX_TRUSTED_PROXIES resolves it). No "*": an open endpoint must be asked for by range.
  PROXBOX_METRICS_ALLOW: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseAddressList(v, "PROXBOX_METRICS_ALLOW");
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  // Sign-in throttling and sessions (src/server/auth/settings.ts says what each one bounds).
  PROXBOX_SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  PROXBOX_SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  PROXBOX_SIGN_IN_MAX_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(100),
  PROXBOX_SIGN_IN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).default(50),
  PROXBOX_PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  PROXBOX_PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).default(8),
  PROXBOX_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(480),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (a common shell habit: DATABASE_URL= npm start).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.PROXBOX_DATA_DIR) };
}
