import type { HttpMethod } from "./transport";

export type ProxmoxAuth =
  | { kind: "token"; tokenId: string; secret: string }
  | { kind: "ticket"; username: string; password: string };

export interface Ticket {
  ticket: string;
  csrf: string;
}

/** PVE tickets live 2 h; renewing 15 min early leaves room for clock skew and slow requests. */
export const TICKET_RENEW_AFTER_MS = 105 * 60 * 1000;

/** Produces the credential headers for each request and owns the ticket life cycle. */
export interface AuthSession {
  readonly principal: string;
  /** Values that must never appear in any message. */
  secrets(): string[];
  headers(method: HttpMethod): Promise<Record<string, string>>;
  /** Called after a 401; true when a fresh login is worth one more try. */
  invalidate(): boolean;
}

export function createSession(
  auth: ProxmoxAuth,
  now: () => number,
  login: (username: string, password: string) => Promise<Ticket>,
): AuthSession {
  return auth.kind === "token" ? tokenSession(auth) : new TicketSession(auth, now, login);
}

function tokenSession(auth: { tokenId: string; secret: string }): AuthSession {
  // Tokens need no CSRF header (pve-manager skips the check for API tokens).
  const header = { authorization: `PVEAPIToken=${auth.tokenId}=${auth.secret}` };
  return {
    principal: auth.tokenId,
    secrets: () => [auth.secret],
    headers: async () => header,
    invalidate: () => false,
  };
}

class TicketSession implements AuthSession {
  readonly principal: string;
  private current?: Ticket & { obtainedAt: number };
  private pending?: Promise<Ticket & { obtainedAt: number }>;

  constructor(
    private readonly auth: { username: string; password: string },
    private readonly now: () => number,
    private readonly login: (username: string, password: string) => Promise<Ticket>,
  ) {
    this.principal = auth.username;
  }

  secrets(): string[] {
    const list = [this.auth.password];
    if (this.current) list.push(this.current.ticket, this.current.csrf);
    return list;
  }

  async headers(method: HttpMethod): Promise<Record<string, string>> {
    const ticket = await this.ensure();
    const headers: Record<string, string> = { cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}` };
    // The CSRF token is only required (and only sent, like proxmoxer does) on state-changing requests.
    if (method !== "GET") headers.CSRFPreventionToken = ticket.csrf;
    return headers;
  }

  invalidate(): boolean {
    this.current = undefined;
    return true;
  }

  private async ensure(): Promise<Ticket> {
    const current = this.current;
    if (current && this.now() - current.obtainedAt < TICKET_RENEW_AFTER_MS) return current;
    // Concurrent requests share one login instead of each posting the password.
    this.pending ??= this.login(this.auth.username, this.auth.password)
      .then((t) => {
        this.current = { ...t, obtainedAt: this.now() };
        return this.current;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
