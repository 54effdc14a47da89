import { describe, expect, it } from "vitest";
import { EMAIL_MAX_EVENTS, renderEmail, renderWebhookBody } from "./render";
import type { AlertMessage, AlertMessageEvent, Transition } from "./types";

function event(over: Partial<AlertMessageEvent> = {}): AlertMessageEvent {
  return {
    id: "17",
    transition: "error",
    replicationId: "100-0",
    jobId: 5,
    guest: 100,
    vmName: "web01",
    source: "pve1",
    target: "pve2",
    endpoint: { id: 3, name: "pve-prod" },
    previous: "ok",
    state: "error",
    error: "command 'zfs snapshot' failed: exit code 1",
    at: "2026-12-03T14:05:09.123Z",
    url: "https://proxbox.example.com/replications/5",
    ...over,
  };
}

function message(events: AlertMessageEvent[], over: Partial<AlertMessage> = {}): AlertMessage {
  return { rule: { id: 2, name: "prod errors" }, digest: false, test: false, events, ...over };
}

describe("renderWebhookBody", () => {
  it("is snake_case JSON naming the job, its endpoint, the change and its link", () => {
    const body = JSON.parse(renderWebhookBody(message([event()])));
    expect(body).toEqual({
      event: "proxbox.alert",
      rule: { id: 2, name: "prod errors" },
      digest: false,
      test: false,
      count: 1,
      events: [
        {
          id: "17",
          event: "replication.error",
          transition: "error",
          replication_id: "100-0",
          job_id: 5,
          guest: 100,
          vm_name: "web01",
          source: "pve1",
          target: "pve2",
          endpoint: { id: 3, name: "pve-prod" },
          previous: "ok",
          state: "error",
          error: "command 'zfs snapshot' failed: exit code 1",
          at: "2026-12-03T14:05:09.123Z",
          url: "https://proxbox.example.com/replications/5",
        },
      ],
    });
  });

  it("carries every event of a digest and the test flag", () => {
    const events = Array.from({ length: 250 }, (_, i) => event({ id: String(i), jobId: i }));
    const body = JSON.parse(renderWebhookBody(message(events, { digest: true, test: true })));
    expect(body.count).toBe(250);
    expect(body.events).toHaveLength(250);
    expect(body.digest).toBe(true);
    expect(body.test).toBe(true);
  });
});

describe("renderEmail", () => {
  it("names one event's job, endpoint and transition in the subject, and everything in the bodies", () => {
    const mail = renderEmail(message([event()]));
    expect(mail.subject).toBe("[Proxbox] replication 100-0 on pve-prod: error");
    for (const part of [
      "100-0",
      "100 (web01)",
      "pve1 → pve2",
      "ok → error",
      "zfs snapshot",
      "2026-12-03 14:05:09 UTC",
    ]) {
      expect(mail.text).toContain(part);
    }
    expect(mail.text).toContain("https://proxbox.example.com/replications/5");
    expect(mail.html).toContain('<a href="https://proxbox.example.com/replications/5">100-0</a>');
    expect(mail.html).toContain("pve1 → pve2");
  });

  it("groups a digest's subject by transition and lists the endpoints", () => {
    const offline = Array.from({ length: 40 }, (_, i) =>
      event({
        id: String(i),
        jobId: i,
        replicationId: `${100 + i}-0`,
        transition: "unknown",
        state: "unknown",
      }),
    );
    expect(renderEmail(message(offline, { digest: true })).subject).toBe(
      "[Proxbox] 40 replication jobs: 40 unknown on pve-prod",
    );
    const mixed = [
      event({ jobId: 1, transition: "recovered" as Transition, previous: "error", state: "ok" }),
      event({ jobId: 2, transition: "error", endpoint: { id: 4, name: "pve-dr" } }),
      event({ jobId: 3, transition: "error" }),
    ];
    const mail = renderEmail(message(mixed, { digest: true }));
    expect(mail.subject).toBe("[Proxbox] 3 replication jobs: 2 error, 1 recovered on pve-prod, pve-dr");
    expect(mail.text).toContain("recovered from error → ok");
  });

  it("says test in the subject of a test message", () => {
    expect(renderEmail(message([event()], { test: true })).subject).toBe(
      "[Proxbox] test message from Proxbox",
    );
  });

  it("HTML-escapes every interpolated value", () => {
    const evil = event({
      error: '<script>alert("x")</script>',
      vmName: "<b>vm</b>",
      endpoint: { id: 1, name: "a&b" },
      url: 'https://x.example/"><script>',
    });
    const { html, text } = renderEmail(message([evil], { rule: { id: 1, name: "<i>rule</i>" } }));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>vm</b>");
    expect(html).not.toContain("<i>rule</i>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("a&amp;b");
    expect(html).toContain('href="https://x.example/&quot;&gt;&lt;script&gt;"');
    // The plain text part is not HTML: it keeps the text as it is.
    expect(text).toContain('<script>alert("x")</script>');
  });

  it("does not link a non-http URL", () => {
    const { html } = renderEmail(message([event({ url: "javascript:alert(1)" })]));
    expect(html).not.toContain("href=");
  });

  it(`lists at most ${EMAIL_MAX_EVENTS} events, then counts the rest`, () => {
    const events = Array.from({ length: 230 }, (_, i) =>
      event({ id: String(i), jobId: i, replicationId: `${1000 + i}-0` }),
    );
    const { text, html } = renderEmail(message(events, { digest: true }));
    expect(text).toContain("replication 1199-0");
    expect(text).not.toContain("replication 1200-0");
    expect(text).toContain("… and 30 more");
    expect(html.match(/<tr><td>/g)).toHaveLength(EMAIL_MAX_EVENTS);
    expect(html).toContain("… and 30 more");
  });
});
