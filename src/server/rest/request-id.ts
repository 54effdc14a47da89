// X-Request-ID: the client's value when it is a UUID (so it can correlate its calls with our change
// log), else a fresh UUID4. No imports: src/proxy.ts uses it for every /api/ response.

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestIdOf(headers: Headers): string {
  const sent = headers.get("x-request-id")?.trim();
  return sent && UUID_RE.test(sent) ? sent.toLowerCase() : crypto.randomUUID();
}
