import { z } from "zod";
import type { Permission } from "../roles";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * One staff endpoint described once: the route helper validates requests with these schemas and
 * checks `permission`, the OpenAPI document is generated from them, and the typed client infers
 * its parameter and response types from them. `permission: null` means any signed-in actor;
 * `public: true` means no authentication at all (sign-in).
 */
export interface RouteContract {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  permission: Permission | null;
  public?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Largest body accepted, in bytes (default 16 KiB). */
  maxBodyBytes?: number;
  description?: string;
}

/** Keeps the literal types of a contract map while checking its shape. */
export function contracts<T extends Record<string, RouteContract>>(map: T): T {
  return map;
}

export const ok = z.object({ ok: z.literal(true) });
export const idParams = z.object({ id: z.uuid() });
/** Rows whose full shape is the database's: the main fields are listed, the rest pass through. */
export const row = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);
export const timestamp = z.string().describe("ISO 8601 date-time");
