import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

// Who is asking, and under which address the app is reached — the two facts a reverse proxy rewrites.
// X-Forwarded-* headers are believed only when the request came from a proxy listed in
// PROXBOX_TRUSTED_PROXIES; anyone else could send them to forge links, origins or their client address.
// The custom server (src/server/web-server.ts) records the socket's peer in REMOTE_ADDRESS_HEADER after
// deleting any copy a client sent, so route handlers can tell a proxy from a client.

export const REMOTE_ADDRESS_HEADER = "x-proxbox-remote-address";

/** A list of addresses and CIDR ranges, or "*" (any address) where the setting allows it. */
export interface AddressList {
  any: boolean;
  list: BlockList;
}
type TrustedProxies = AddressList;

let cached: { setting: string | undefined; trusted: TrustedProxies } | undefined;

/**
 * A comma list of addresses and CIDR ranges (IPv4 or IPv6); `setting` names the variable in errors, so
 * a typo fails at start with the variable it is in. "*" only where `wildcard` allows it.
 */
export function parseAddressList(
  value: string | undefined,
  setting: string,
  opts: { wildcard?: boolean } = {},
): AddressList {
  const list = new BlockList();
  let any = false;
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry === "*" && opts.wildcard) {
      any = true;
      continue;
    }
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address ?? "");
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!family || !validBits || extra !== undefined)
      throw new Error(`${setting}: "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address as string, type);
    else list.addSubnet(address as string, Number(bits), type);
  }
  return { any, list };
}

/** True when `address` (as clientAddress returns it) is in the list; false for anything not an IP. */
export function inAddressList(addresses: AddressList, address: string | null): boolean {
  if (addresses.any) return true;
  if (!address) return false;
  const family = isIP(address);
  return family !== 0 && addresses.list.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** PROXBOX_TRUSTED_PROXIES: "*" or a comma list of addresses and CIDR ranges (IPv4 or IPv6). */
export function parseTrustedProxies(setting: string | undefined): TrustedProxies {
  return parseAddressList(setting, "PROXBOX_TRUSTED_PROXIES", { wildcard: true });
}

function trustedProxies(): TrustedProxies {
  const setting = process.env.PROXBOX_TRUSTED_PROXIES;
  if (cached && cached.setting === setting) return cached.trusted;
  const trusted = parseTrustedProxies(setting);
  cached = { setting, trusted };
  return trusted;
}

/**
 * Called by the custom server on every request before Next sees it: a copy of the header sent by the
 * client is dropped first, so nobody can claim to be a trusted proxy.
 */
export function recordPeer(req: IncomingMessage): void {
  delete req.headers[REMOTE_ADDRESS_HEADER];
  if (req.socket.remoteAddress) req.headers[REMOTE_ADDRESS_HEADER] = req.socket.remoteAddress;
}

/** The peer of the TCP connection, as the custom server recorded it (null outside it). */
export function remoteAddress(headers: Headers): string | null {
  const value = headers.get(REMOTE_ADDRESS_HEADER)?.trim();
  return value ? value.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "") : null;
}

/** True when the request came through a proxy the operator trusts to set X-Forwarded-*. */
export function fromTrustedProxy(headers: Headers): boolean {
  return inAddressList(trustedProxies(), remoteAddress(headers));
}

/** The client's address: the nearest untrusted hop of X-Forwarded-For behind trusted proxies, else the peer. */
export function clientAddress(headers: Headers): string | null {
  const peer = remoteAddress(headers);
  if (!fromTrustedProxy(headers)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const trusted = trustedProxies();
  // Walk from the nearest hop outwards, skipping our own proxies; the first other address is the client.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    const family = isIP(hop);
    if (!family) return hop.slice(0, 64);
    if (!trusted.any && trusted.list.check(hop, family === 6 ? "ipv6" : "ipv4")) continue;
    if (trusted.any && i > 0) continue;
    return hop;
  }
  return peer;
}
