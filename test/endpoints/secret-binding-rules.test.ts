import { describe, expect, it } from "vitest";
import { secretBoundChanges, secretRequiredMessage } from "@/lib/endpoint-secret-binding";

// Which edits decide where a stored Proxmox secret would be sent. Spelling differences of the same
// setting are not changes; a different host, port, scheme, path, TLS trust or principal is.

const FP = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
const stored = {
  url: "https://pve1.example.com:8006",
  authMode: "token" as const,
  tokenId: "root@pam!proxbox",
  username: null,
  tlsMode: "fingerprint" as const,
  fingerprint: FP,
  caPem: null,
};

describe("secret-bound settings", () => {
  it("spellings of the same settings are no change", () => {
    expect(
      secretBoundChanges(stored, {
        ...stored,
        url: " HTTPS://PVE1.example.com:8006/ ",
        fingerprint: FP.replaceAll(":", "").toLowerCase(),
        tokenId: " root@pam!proxbox ",
      }),
    ).toEqual([]);
    expect(secretBoundChanges({ url: "https://pve1:443" }, { url: "https://pve1" })).toEqual([]);
    const pem = "-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n";
    expect(
      secretBoundChanges(
        { ...stored, tlsMode: "ca", caPem: pem },
        { ...stored, tlsMode: "ca", caPem: pem.replaceAll("\n", "\r\n") },
      ),
    ).toEqual([]);
  });

  it.each([
    ["host", { url: "https://pve2.example.com:8006" }, ["url"]],
    ["port", { url: "https://pve1.example.com:8007" }, ["url"]],
    [
      "path (rejected by the schema, but it would count)",
      { url: "https://pve1.example.com:8006/x" },
      ["url"],
    ],
    ["TLS mode", { tlsMode: "insecure" as const }, ["tlsMode"]],
    ["pin", { fingerprint: FP.replace("AB", "00") }, ["fingerprint"]],
    ["token id", { tokenId: "root@pam!other" }, ["tokenId"]],
    ["auth mode", { authMode: "ticket" as const, username: "root@pam" }, ["authMode"]],
    ["URL and TLS", { url: "https://evil:8006", tlsMode: "insecure" as const }, ["url", "tlsMode"]],
  ])("a changed %s counts", (_what, change, expected) => {
    expect(secretBoundChanges(stored, { ...stored, ...change })).toEqual(expected);
  });

  it("the CA and the username count in their modes only", () => {
    const ca = { ...stored, tlsMode: "ca" as const, caPem: "-----BEGIN CERTIFICATE-----\nAAA" };
    expect(secretBoundChanges(ca, { ...ca, caPem: "-----BEGIN CERTIFICATE-----\nBBB" })).toEqual(["caPem"]);
    const ticket = { ...stored, authMode: "ticket" as const, tokenId: null, username: "root@pam" };
    expect(secretBoundChanges(ticket, { ...ticket, username: "admin@pve" })).toEqual(["username"]);
    expect(secretBoundChanges(ticket, { ...ticket, tokenId: "x@pam!y" })).toEqual([]);
  });

  it("explains what changed", () => {
    expect(secretRequiredMessage(["url"])).toMatch(/^The secret is required again because the URL changed/);
    expect(secretRequiredMessage(["url", "tlsMode", "fingerprint"], "token secret")).toMatch(
      /^The token secret is required again because the URL, the TLS verification mode and the pinned certificate fingerprint changed/,
    );
  });
});
