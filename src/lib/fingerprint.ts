import { z } from "zod";

// SHA-256 certificate fingerprints, as Proxmox shows them. Pure (no undici, no node:tls), so the
// schemas the UI forms share can check them as the server does.

/** Uppercase hex without separators, or null when the text is not a SHA-256 fingerprint. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[:\s-]/g, "").toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex : null;
}

/** The `AA:BB:…` form Proxmox shows in `/nodes` (`ssl_fingerprint`) and in its GUI. */
export function formatFingerprint(text: string): string {
  const hex = text.replace(/[:\s-]/g, "").toUpperCase();
  return hex.match(/.{1,2}/g)?.join(":") ?? hex;
}

/** A pinned certificate's fingerprint as a form or API field (endpoints, webhook destinations). */
export const fingerprintField = z
  .string()
  .refine(
    (f) => normalizeFingerprint(f) !== null,
    "must be a SHA-256 fingerprint (64 hex digits, colons allowed)",
  );
