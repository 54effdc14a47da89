import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "@/server/env";

// Proxmox token secrets and passwords are stored AES-256-GCM encrypted. The key comes from
// PROXBOX_SECRET_KEY or is generated once into the data dir (0600). Format: v1:<iv>:<tag>:<ciphertext>.

let cachedKey: Buffer | undefined;

function loadKey(): Buffer {
  if (cachedKey) return cachedKey;
  const e = parseEnv();
  if (e.PROXBOX_SECRET_KEY) {
    cachedKey = Buffer.from(e.PROXBOX_SECRET_KEY, "hex");
    return cachedKey;
  }
  const file = path.join(e.dataDir, "secret.key");
  fs.mkdirSync(e.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const hex = fs.readFileSync(file, "utf8").trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 64-hex-character key`);
  cachedKey = Buffer.from(hex, "hex");
  return cachedKey;
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", loadKey(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(
    ":",
  );
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, data] = stored.split(":");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("unreadable encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", loadKey(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "cannot decrypt a stored secret: PROXBOX_SECRET_KEY differs from the key it was encrypted with",
    );
  }
}

/** For tests: forget the cached key (after changing PROXBOX_SECRET_KEY or the data dir). */
export function resetSecretKeyCache(): void {
  cachedKey = undefined;
}
