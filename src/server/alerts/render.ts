import { type AlertMessage, type AlertMessageEvent, TRANSITIONS } from "./types";

// What a destination receives, rendered from one AlertMessage. Pure functions: the senders sign and send
// exactly these bytes, and the unit tests pin the wording.

/** A digest lists this many events in an e-mail; the rest are counted ("… and N more"). */
export const EMAIL_MAX_EVENTS = 200;

/**
 * The webhook body: snake_case JSON like NetBox's webhooks. Every event is included (a webhook consumer is
 * a program; it can take a 40-job digest), each naming the job, its endpoint, the change and its link.
 */
export function renderWebhookBody(message: AlertMessage): string {
  return JSON.stringify({
    event: "proxbox.alert",
    rule: { id: message.rule.id, name: message.rule.name },
    digest: message.digest,
    test: message.test,
    count: message.events.length,
    events: message.events.map((e) => ({
      id: e.id,
      event: `replication.${e.transition}`,
      transition: e.transition,
      replication_id: e.replicationId,
      job_id: e.jobId,
      guest: e.guest,
      vm_name: e.vmName,
      source: e.source,
      target: e.target,
      endpoint: { id: e.endpoint.id, name: e.endpoint.name },
      previous: e.previous,
      state: e.state,
      error: e.error,
      at: e.at,
      url: e.url,
    })),
  });
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(message: AlertMessage): RenderedEmail {
  const shown = message.events.slice(0, EMAIL_MAX_EVENTS);
  const more = message.events.length - shown.length;
  const intro = introLine(message);
  const textRows = shown.map(textEvent);
  const text = [
    intro,
    "",
    ...textRows.flatMap((row) => [row, ""]),
    ...(more > 0 ? [`… and ${more} more`, ""] : []),
    "-- ",
    "Proxbox",
    "",
  ].join("\n");
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif; font-size: 14px">',
    `<p>${esc(intro)}</p>`,
    '<table cellpadding="4" cellspacing="0" border="1" style="border-collapse: collapse">',
    "<thead><tr><th>Job</th><th>Guest</th><th>Source → Target</th><th>Endpoint</th><th>Change</th><th>Error</th><th>Time</th></tr></thead>",
    "<tbody>",
    ...shown.map(htmlEvent),
    "</tbody></table>",
    ...(more > 0 ? [`<p>… and ${more} more</p>`] : []),
    "<p>-- <br>Proxbox</p>",
    "</body></html>",
  ].join("\n");
  return { subject: subjectOf(message), text, html };
}

function subjectOf(message: AlertMessage): string {
  if (message.test) return "[Proxbox] test message from Proxbox";
  const events = message.events;
  const first = events[0];
  if (events.length === 1 && first) {
    return `[Proxbox] replication ${first.replicationId} on ${first.endpoint.name}: ${first.transition}`;
  }
  const jobs = new Set(events.map((e) => e.jobId)).size;
  const counts = TRANSITIONS.map((t) => [t, events.filter((e) => e.transition === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`);
  return `[Proxbox] ${jobs} replication ${jobs === 1 ? "job" : "jobs"}: ${counts.join(", ")} on ${endpointList(events)}`;
}

/** Endpoint names in order of appearance; past three, the rest are counted so the subject stays short. */
function endpointList(events: AlertMessageEvent[]): string {
  const names = [...new Set(events.map((e) => e.endpoint.name))];
  if (names.length <= 3) return names.join(", ");
  return `${names.slice(0, 3).join(", ")} and ${names.length - 3} more endpoints`;
}

function introLine(message: AlertMessage): string {
  if (message.test) {
    return "This is a test message from Proxbox: this destination receives alerts. The job below is a sample.";
  }
  const n = message.events.length;
  const what = n === 1 ? "1 replication change" : `${n} replication changes`;
  return `Alert rule "${message.rule.name}"${message.digest ? " (digest)" : ""}: ${what}.`;
}

function guestText(e: AlertMessageEvent): string {
  if (e.guest === null) return e.vmName ?? "";
  return e.vmName ? `${e.guest} (${e.vmName})` : String(e.guest);
}

function routeText(e: AlertMessageEvent): string {
  return `${e.source ?? "?"} → ${e.target}`;
}

/** "error → ok", "recovered from error,overdue → ok", or the new state alone. */
function changeText(e: AlertMessageEvent): string {
  if (e.transition === "recovered") {
    return e.previous ? `recovered from ${e.previous} → ${e.state}` : `recovered → ${e.state}`;
  }
  return e.previous ? `${e.previous} → ${e.state}` : e.state;
}

/** "2026-12-03 14:05:09 UTC": exact, and the same for every reader whatever their mail client's zone. */
function timeText(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function textEvent(e: AlertMessageEvent): string {
  const guest = guestText(e);
  const lines = [
    `replication ${e.replicationId}${guest ? ` · guest ${guest}` : ""} on ${e.endpoint.name}: ${e.transition}`,
    `  source → target: ${routeText(e)}`,
    `  state: ${changeText(e)}`,
  ];
  if (e.error) lines.push(`  error: ${e.error}`);
  lines.push(`  at ${timeText(e.at)}`, `  ${e.url}`);
  return lines.join("\n");
}

function htmlEvent(e: AlertMessageEvent): string {
  const job = isHttpUrl(e.url) ? `<a href="${esc(e.url)}">${esc(e.replicationId)}</a>` : esc(e.replicationId);
  const cells = [
    job,
    esc(guestText(e)),
    esc(routeText(e)),
    esc(e.endpoint.name),
    esc(changeText(e)),
    e.error ? esc(e.error) : "",
    esc(timeText(e.at)),
  ];
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

/** Only http(s) links become anchors (a javascript: URL must not be clickable). */
function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
