// GET /metrics — the Prometheus text exposition (format 0.0.4) of the estate and this process, for an
// API token (any role) or an address in PROXBOX_METRICS_ALLOW (src/server/metrics/access.ts).
// The body is streamed in ~100 KB chunks as it is written (src/server/metrics/service.ts): with 100,000
// jobs the exposition is tens of MB, and a scrape should not hold it as one string. Next's server
// compresses it (Prometheus asks for gzip).
import { metricsAccess } from "@/server/metrics/access";
import { scrapeMetrics } from "@/server/metrics/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const access = await metricsAccess(request.headers);
  if (!access.allowed) {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    // The challenge tells a client (and an operator with curl) which scheme to use.
    if (access.status === 401) headers["www-authenticate"] = 'Bearer realm="proxbox metrics"';
    return Response.json({ detail: access.detail }, { status: access.status, headers });
  }
  const scrape = await scrapeMetrics();
  const chunks = scrape.chunks();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    // One chunk per pull: the next is written only when the client has taken the last.
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { "content-type": scrape.contentType, "cache-control": "no-store" } });
}
