import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, resetSecretKeyCache } from "./index";

describe("secrets at rest", () => {
  it("round-trips, never stores the plaintext, and uses a fresh IV each time", () => {
    process.env.PROXBOX_SECRET_KEY = "a".repeat(64);
    resetSecretKeyCache();
    const secret = "5f2c1e0a-1111-4b2d-9c3e-abcdefabcdef";
    const a = encryptSecret(secret);
    const b = encryptSecret(secret);
    expect(a).not.toContain(secret);
    expect(a).not.toEqual(b);
    expect(decryptSecret(a)).toBe(secret);
  });

  it("refuses to decrypt with another key or a tampered value", () => {
    process.env.PROXBOX_SECRET_KEY = "b".repeat(64);
    resetSecretKeyCache();
    const stored = encryptSecret("hunter2");
    const tampered = `${stored.slice(0, -2)}AA`;
    expect(() => decryptSecret(tampered)).toThrow(/cannot decrypt/);
    process.env.PROXBOX_SECRET_KEY = "c".repeat(64);
    resetSecretKeyCache();
    expect(() => decryptSecret(stored)).toThrow(/PROXBOX_SECRET_KEY/);
  });
});
