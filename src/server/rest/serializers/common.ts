import { z } from "zod";

// Shapes shared by every representation (also the OpenAPI components): choices, nested references,
// timestamps.

export const dateTime = z.iso.datetime({ offset: true }).meta({ example: "2026-01-10T09:15:00.654000Z" });

export function choiceSchema<const T extends readonly [string, ...string[]]>(values: T) {
  return z.object({ value: z.enum(values), label: z.string() });
}

export const nestedEndpointSchema = z
  .object({ id: z.int(), url: z.url(), display: z.string(), name: z.string() })
  .meta({ id: "NestedEndpoint" });

export const nestedVirtualMachineSchema = z
  .object({ id: z.int(), url: z.url(), display: z.string(), name: z.string().nullable(), vmid: z.int() })
  .meta({ id: "NestedVirtualMachine" });

export const nestedNodeSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    name: z.string(),
    node_id: z.int().nullable(),
    online: z.boolean(),
  })
  .meta({ id: "NestedProxmoxNode" });

export const nestedUserSchema = z
  .object({ id: z.int(), url: z.url().nullable(), display: z.string(), username: z.string() })
  .meta({ id: "NestedUser" });

export function paginatedSchema<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      count: z.int(),
      next: z.url().nullable(),
      previous: z.url().nullable(),
      results: z.array(item),
    })
    .meta({ id: `Paginated${name}List` });
}

export const errorSchema = z
  .union([z.object({ detail: z.string() }), z.record(z.string(), z.array(z.string()))])
  .meta({ id: "Error", description: 'NetBox-style error: {"detail": "…"} or {"field": ["message"]}' });
