import { ApiError } from "./errors";

// Request bodies: JSON only (NetBox also takes multipart, which no API client of ours needs).

/** Django's DATA_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB; bulk bodies of 1,000 full objects need more. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const tooLarge = () =>
  new ApiError(413, {
    detail: `Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE (${MAX_BODY_BYTES} bytes).`,
  });

/** The body as text, refused with 413 as soon as it passes the cap (never buffered whole first). */
async function readCapped(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The parsed JSON body; `undefined` when there is none (a DELETE without a body). */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type");
  const text = await readCapped(request);
  if (text.trim() === "") return undefined;
  if (type && !/^application\/([a-z.+-]*\+)?json\b/i.test(type.trim())) {
    throw new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, { detail: `JSON parse error - ${(err as Error).message}` });
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The route's `{id}` as a positive int4, or null (→ 404, as Django's `<int:pk>` would not match). */
export function routeId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= 2_147_483_647 ? id : null;
}
