import type { z } from "zod";

// zod issues rewritten in DRF's words, keyed by field: {"guest": ["A valid integer is required."]}.
// The field kind picks the type message, as each DRF field class has its own.

export type FieldKind = "int" | "number" | "string" | "boolean" | "choice" | "related" | "object";

type Issue = z.core.$ZodIssue & { input?: unknown };

const TYPE_MESSAGES: Record<FieldKind, string> = {
  int: "A valid integer is required.",
  number: "A valid number is required.",
  string: "Not a valid string.",
  boolean: "Must be a valid boolean.",
  choice: "Not a valid choice.",
  related: "Related objects must be referenced by numeric ID or by dictionary of attributes.",
  object: "Expected a dictionary of items.",
};

/** Python's repr() for the values NetBox echoes back in messages. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

function message(issue: Issue, kind: FieldKind): string {
  // JSON has no undefined: an undefined input is a missing key.
  if (issue.input === undefined) return "This field is required.";
  if (issue.input === null && issue.code !== "custom") return "This field may not be null.";
  switch (issue.code) {
    case "invalid_type":
      if (kind === "object") return `Expected a dictionary of items but got type "${typeName(issue.input)}".`;
      return TYPE_MESSAGES[kind];
    case "invalid_union":
      return kind === "related"
        ? `Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ${pythonRepr(issue.input)}`
        : TYPE_MESSAGES[kind];
    case "invalid_value":
      // NetBox's ChoiceField: dicts and lists are refused outright, other values named.
      if (typeof issue.input === "object") {
        return 'Value must be passed directly (e.g. "foo": 123); do not use a dictionary or list.';
      }
      return `${String(issue.input)} is not a valid choice.`;
    case "too_small":
      if (issue.origin === "string") return "This field may not be blank.";
      return issue.inclusive
        ? `Ensure this value is greater than or equal to ${issue.minimum}.`
        : `Ensure this value is greater than ${issue.minimum}.`;
    case "too_big":
      if (issue.origin === "string") return `Ensure this field has no more than ${issue.maximum} characters.`;
      return `Ensure this value is less than or equal to ${Math.min(Number(issue.maximum), 2_147_483_647)}.`;
    default:
      return issue.message;
  }
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

export function drfErrors(error: z.ZodError, kinds: Record<string, FieldKind>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues as Issue[]) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "non_field_errors";
    const text = message(issue, Object.hasOwn(kinds, field) ? kinds[field] : "string");
    const list = out[field] ?? [];
    if (!list.includes(text)) list.push(text);
    out[field] = list;
  }
  // One message per field, like DRF (it stops at the first failing validator of a field).
  for (const k of Object.keys(out)) out[k] = out[k].slice(0, 1);
  return out;
}
