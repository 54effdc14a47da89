import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import pLimit from "p-limit";
import { authSettings } from "./settings";

// Password hashes: scrypt (a memory-hard KDF from node:crypto) at OWASP's minimum cost (N=2^17, r=8,
// p=1), stored with their parameters — scrypt$N$r$p$salt$hash — so the cost can rise later.

const COST = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function deriveNow(
  password: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

// Each scrypt holds one of libuv's 4 pool threads (shared with DNS lookups and file I/O) for a few
// hundred milliseconds. At most PROXBOX_PASSWORD_HASH_CONCURRENCY run at once (p-limit: a queue with
// counters we can read); sign-in checks beyond a short queue are refused instead of piling up.
const hashing = pLimit(2);
let running = 0;
let peak = 0;
let started = 0;

/** Sign-in is refused with 429: too many password checks are already running or waiting. */
export class PasswordCheckBusyError extends Error {
  constructor() {
    super("too many password checks in progress");
    this.name = "PasswordCheckBusyError";
  }
}

/** Hashes running now, waiting, the most that ever ran at once, and how many ever started. */
export function passwordHashingGauge(): { running: number; waiting: number; peak: number; started: number } {
  return { running, waiting: hashing.pendingCount, peak, started };
}

function derive(
  password: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
  opts: { bounded: boolean },
): Promise<Buffer> {
  const settings = authSettings();
  if (hashing.concurrency !== settings.hashConcurrency) hashing.concurrency = settings.hashConcurrency;
  if (
    opts.bounded &&
    hashing.activeCount + hashing.pendingCount >= settings.hashConcurrency + settings.hashQueue
  ) {
    return Promise.reject(new PasswordCheckBusyError());
  }
  return hashing(async () => {
    running += 1;
    started += 1;
    peak = Math.max(peak, running);
    try {
      return await deriveNow(password, salt, cost);
    } finally {
      running -= 1;
    }
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  // Setting a password (CLI, admins) waits its turn but is never refused.
  const key = await derive(password, salt, COST, { bounded: false });
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Throws PasswordCheckBusyError when the queue of password checks is full. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), cost, { bounded: true });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of nothing in particular, verified when a user does not exist, so timing does not tell. */
let decoy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await decoy);
}

/** 20 characters from a 57-symbol alphabet without look-alikes (~116 bits). */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // 57 * 4 = 228: rejecting bytes ≥ 228 keeps every symbol equally likely.
    if (bytes[i] < 228) out += alphabet[bytes[i] % 57];
  }
  return out.length === length ? out : generatePassword(length);
}

export const MIN_PASSWORD_LENGTH = 10;
