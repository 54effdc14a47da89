// Field errors from a failed tRPC mutation: zod input errors arrive flattened in `data.zodError`,
// service errors (AppError) as NetBox-shaped `data.fields` ({"name": ["…"]}).

interface ErrorLike {
  message: string;
  data?: {
    zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
    fields?: Record<string, string[]> | null;
  } | null;
}

export function fieldErrorsOf(error: ErrorLike | null | undefined): {
  message: string | null;
  fields: Record<string, string[]>;
} {
  if (!error) return { message: null, fields: {} };
  const fields: Record<string, string[]> = {};
  const zod = error.data?.zodError?.fieldErrors;
  if (zod) {
    for (const [k, v] of Object.entries(zod)) if (v?.length) fields[k] = v;
    return { message: "check the highlighted fields.", fields };
  }
  for (const [k, v] of Object.entries(error.data?.fields ?? {})) fields[k] = v;
  return { message: error.message, fields };
}
