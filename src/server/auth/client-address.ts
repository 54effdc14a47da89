import { isIP } from "node:net";
import { clientAddress } from "@/server/http/forwarded";

// The client a sign-in attempt is counted against. The address itself comes from the shared rule in
// src/server/http/forwarded.ts (the TCP peer the custom server recorded, or the nearest untrusted
// X-Forwarded-For hop behind a proxy listed in PROXBOX_TRUSTED_PROXIES). An IPv6 client is counted
// by its /64 — one host usually holds a whole /64 and could otherwise rotate addresses per attempt.
// Null when no address is known (a route handler called outside the custom server): callers then
// rely on the per-username and global limits.

export function signInClient(headers: Headers): string | null {
  const address = clientAddress(headers);
  if (!address) return null;
  return isIP(address) === 6 ? ipv6Prefix64(address) : address;
}

function ipv6Prefix64(address: string): string {
  const [head = "", tail] = address.toLowerCase().split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for two groups.
  const rightGroups = right.length + (right.at(-1)?.includes(".") ? 1 : 0);
  const groups =
    tail === undefined ? left : [...left, ...Array(8 - left.length - rightGroups).fill("0"), ...right];
  const prefix = groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${prefix.join(":")}::/64`;
}
