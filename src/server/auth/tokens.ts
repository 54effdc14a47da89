import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// NetBox API tokens. v1: `Authorization: Token <40 hex>`; v2: `Authorization: Bearer nbt_<key>.<token>`
// with a 12-character public key and a 40-character secret. Only SHA-256 of the secret is stored;
// the plaintext is shown once. The version follows the `nbt_` prefix, not the keyword (NetBox 4.5+).

export const V2_PREFIX = "nbt_";
const KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function randomKey(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  // 62 * 4 = 248: reject the top bytes so every symbol is equally likely.
  for (let i = 0; i < bytes.length && out.length < length; i++)
    if (bytes[i] < 248) out += KEY_ALPHABET[bytes[i] % 62];
  return out.length === length ? out : randomKey(length);
}

export interface NewTokenValue {
  /** The public key part, stored in ApiToken.key (12 characters). */
  key: string;
  /** SHA-256 of the secret, stored in ApiToken.token_hash. */
  tokenHash: string;
  /** What follows `Authorization: Token ` (NetBox v1 form: the 40-hex secret alone). */
  v1: string;
  /** What follows `Authorization: Bearer ` (NetBox v2 form: nbt_<key>.<secret>). */
  v2: string;
}

/**
 * One token, two spellings: the v2 form names its key (an indexed lookup), the legacy v1 form is the
 * bare secret (found by its hash). Both carry the same 160-bit secret, so neither is weaker.
 */
export function newToken(): NewTokenValue {
  const key = randomKey(12);
  const secret = randomBytes(20).toString("hex");
  return { key, tokenHash: sha256Hex(secret), v1: secret, v2: `${V2_PREFIX}${key}.${secret}` };
}

export type ParsedAuthorization =
  | { kind: "none" }
  | { kind: "malformed" }
  | { kind: "v1"; plaintext: string }
  | { kind: "v2"; key: string; secret: string };

/** NetBox's TokenAuthentication header parsing; an unknown keyword leaves the request anonymous. */
export function parseAuthorization(header: string | null): ParsedAuthorization {
  const parts = (header ?? "").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { kind: "none" };
  const keyword = parts[0].toLowerCase();
  if (keyword !== "token" && keyword !== "bearer") return { kind: "none" };
  if (parts.length !== 2) return { kind: "malformed" };
  const value = parts[1];
  if (!value.startsWith(V2_PREFIX)) return { kind: "v1", plaintext: value };
  const dot = value.indexOf(".");
  if (dot < 0) return { kind: "malformed" };
  return { kind: "v2", key: value.slice(V2_PREFIX.length, dot), secret: value.slice(dot + 1) };
}
