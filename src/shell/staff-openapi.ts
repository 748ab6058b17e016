import { z } from "zod";
import { staffContract } from "../core/staff/contract";
import type { RouteContract } from "../core/staff/contract/types";
import { ROLES, can } from "../core/staff/roles";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return rest;
}

/** Path and query parameters from the contract's object schemas. */
function parameters(route: RouteContract): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [["path", route.params], ["query", route.query]] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...rest } = property;
      out.push({ name, in: where, required: where === "path" || (object.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return out;
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operation(name: string, route: RouteContract): JsonSchema {
  const status = String(route.status ?? 200);
  const roles = route.public ? "anyone" : route.permission ? ROLES.filter((role) => can(role, route.permission!)).join(", ") : "any signed-in staff";
  const success = status === "204" || status === "101"
    ? { description: status === "101" ? "Switching to WebSocket" : "Done" }
    : { description: "OK", content: { [route.contentType ?? "application/json"]: { schema: jsonSchema(route.response, "output") } } };
  return {
    operationId: name,
    summary: route.summary,
    description: `${route.description ? `${route.description}\n\n` : ""}Allowed: ${roles}.`,
    tags: [route.tag],
    "x-permission": route.permission,
    security: route.public ? [] : [{ session: [] }, { token: [] }],
    parameters: parameters(route),
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body, "input") } } } } : {}),
    responses: {
      [status]: success,
      "400": errorResponse("Invalid input; the message names the field"),
      ...(route.public ? { "429": errorResponse("Too many failed sign-ins (see Retry-After)") } : { "401": errorResponse("Not signed in"), "403": errorResponse("The role may not do this, or a cookie request from another origin") }),
    },
  };
}

/** The OpenAPI 3.1 document of every staff endpoint, generated from the same zod schemas that validate them. */
export function staffOpenApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [name, route] of Object.entries(staffContract) as [string, RouteContract][]) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    (paths[path] ??= {})[route.method] = operation(name, route);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Sales agent staff API", version: "1", description: "Sign in with POST /api/v1/auth/login (session cookie), or send `Authorization: Bearer <ADMIN_API_TOKEN>` (role admin)." },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "__Host-staff_session" },
        token: { type: "http", scheme: "bearer", description: "ADMIN_API_TOKEN: the machine credential, role admin" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "object", required: ["code", "message", "requestId"], properties: { code: { type: "string" }, message: { type: "string" }, requestId: { type: "string" }, details: {} } } },
        },
      },
    },
  };
}
