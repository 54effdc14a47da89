import { z } from "zod";
import {
  replicationBulkItemSchema,
  replicationCreateSchema,
  replicationPatchSchema,
} from "@/server/replications/schema";
import { replicationResource } from "./replications";
import type { RestResource } from "./resource";
import { deliveryResource, destinationResource, ruleResource } from "./resources/alerts";
import { endpointResource } from "./resources/endpoints";
import { nodeResource, storageResource, virtualMachineResource } from "./resources/inventory";
import { objectChangeResource, scheduleResource, syncRunResource } from "./resources/operations";
import {
  destinationWriteSchema,
  nestedDestinationSchema,
  nestedRuleSchema,
  ruleWriteSchema,
} from "./serializers/alerts";
import {
  errorSchema,
  nestedEndpointSchema,
  nestedNodeSchema,
  nestedUserSchema,
  nestedVirtualMachineSchema,
  paginatedSchema,
} from "./serializers/common";
import { endpointWriteSchema } from "./serializers/endpoint";

// The documented resources and the OpenAPI components, converted from the zod schemas the API uses.

export type ResourceDoc = Pick<
  RestResource<{ id: number }>,
  "path" | "model" | "description" | "filterSet" | "schema"
>;

export const DOCUMENTED_RESOURCES: ResourceDoc[] = [
  replicationResource,
  endpointResource,
  virtualMachineResource,
  nodeResource,
  storageResource,
  syncRunResource,
  scheduleResource,
  objectChangeResource,
  ruleResource,
  destinationResource,
  deliveryResource,
];

export function components() {
  const responses = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({
    NestedEndpoint: nestedEndpointSchema,
    NestedVirtualMachine: nestedVirtualMachineSchema,
    NestedProxmoxNode: nestedNodeSchema,
    NestedUser: nestedUserSchema,
    NestedAlertDestination: nestedDestinationSchema,
    NestedAlertRule: nestedRuleSchema,
    Error: errorSchema,
  })) {
    responses.add(schema, { id });
  }
  for (const r of DOCUMENTED_RESOURCES) {
    responses.add(r.schema, { id: r.model });
    responses.add(paginatedSchema(r.schema, r.model), { id: `Paginated${r.model}List` });
  }
  const requests = z.registry<{ id: string }>();
  requests.add(replicationCreateSchema, { id: "ReplicationRequest" });
  requests.add(replicationPatchSchema, { id: "PatchedReplicationRequest" });
  requests.add(replicationBulkItemSchema, { id: "BulkReplicationRequest" });
  requests.add(endpointWriteSchema, { id: "ProxmoxEndpointRequest" });
  requests.add(destinationWriteSchema, { id: "AlertDestinationRequest" });
  requests.add(ruleWriteSchema, { id: "AlertRuleRequest" });
  const convert = (registry: typeof responses, io: "input" | "output") =>
    z.toJSONSchema(registry, {
      io,
      uri: (id) => `#/components/schemas/${id}`,
      unrepresentable: "any",
      override: ({ jsonSchema }) => {
        // The generated date-time regex is noise next to `format: date-time`.
        if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
        // z.int()'s safe-integer bounds say nothing a client needs.
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    }).schemas;
  const schemas: Record<string, Record<string, unknown>> = {
    ...convert(responses, "output"),
    ...convert(requests, "input"),
  };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}
