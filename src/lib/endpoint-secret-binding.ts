// A stored Proxmox secret belongs to the exact place it was saved for: the server (URL), the way that
// server is trusted (TLS mode, pinned fingerprint, custom CA) and the principal (token id or username).
// Changing any of these without typing the secret again would let someone who can edit an endpoint, but
// does not know its secret, have Proxbox send that secret to a server of their choosing. Shared by the
// endpoint service (which enforces the rule) and the endpoint form (which explains it before saving).

export interface SecretBoundSettings {
  url?: string | null;
  authMode?: "token" | "ticket" | null;
  tokenId?: string | null;
  username?: string | null;
  tlsMode?: "system" | "ca" | "fingerprint" | "insecure" | null;
  fingerprint?: string | null;
  caPem?: string | null;
}

export type SecretBoundField =
  | "url"
  | "authMode"
  | "tokenId"
  | "username"
  | "tlsMode"
  | "fingerprint"
  | "caPem";

const LABELS: Record<SecretBoundField, string> = {
  url: "the URL",
  authMode: "the authentication mode",
  tokenId: "the token ID",
  username: "the username",
  tlsMode: "the TLS verification mode",
  fingerprint: "the pinned certificate fingerprint",
  caPem: "the CA certificate",
};

/**
 * The URL as the client would connect to it: scheme, host (lower case) and port (the default one dropped),
 * plus any path and user info, so that only a spelling difference ("PVE1:443/" vs "pve1") counts as no
 * change. The endpoint schema rejects paths today; if one were ever allowed, a different path could reach a
 * different backend behind a reverse proxy, so it counts as a change too.
 */
function canonicalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url.trim()).href.replace(/\/$/, "");
  } catch {
    return url.trim();
  }
}

const canonicalFingerprint = (f: string | null | undefined) =>
  f ? f.replace(/[:\s-]/g, "").toUpperCase() : null;
const canonicalPem = (p: string | null | undefined) => (p ? p.replace(/\r\n/g, "\n").trim() : null);
const canonicalText = (t: string | null | undefined) => (t ? t.trim() : null);

/** The secret-bound settings that differ between the stored endpoint and the one about to be used. */
export function secretBoundChanges(
  stored: SecretBoundSettings,
  next: SecretBoundSettings,
): SecretBoundField[] {
  const changed: SecretBoundField[] = [];
  if (canonicalUrl(stored.url) !== canonicalUrl(next.url)) changed.push("url");
  const authMode = next.authMode ?? "token";
  if ((stored.authMode ?? "token") !== authMode) changed.push("authMode");
  else if (authMode === "token" && canonicalText(stored.tokenId) !== canonicalText(next.tokenId))
    changed.push("tokenId");
  else if (authMode === "ticket" && canonicalText(stored.username) !== canonicalText(next.username))
    changed.push("username");
  const tlsMode = next.tlsMode ?? "system";
  if ((stored.tlsMode ?? "system") !== tlsMode) changed.push("tlsMode");
  else if (
    tlsMode === "fingerprint" &&
    canonicalFingerprint(stored.fingerprint) !== canonicalFingerprint(next.fingerprint)
  )
    changed.push("fingerprint");
  else if (tlsMode === "ca" && canonicalPem(stored.caPem) !== canonicalPem(next.caPem)) changed.push("caPem");
  return changed;
}

/** "The secret is required again because the URL and the TLS verification mode changed." */
export function secretRequiredMessage(changed: readonly SecretBoundField[], secret = "secret"): string {
  const labels = changed.map((f) => LABELS[f]);
  const list =
    labels.length <= 1
      ? (labels[0] ?? "a setting")
      : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `The ${secret} is required again because ${list} changed: a stored ${secret} is only sent to the server and principal it was saved for.`;
}
