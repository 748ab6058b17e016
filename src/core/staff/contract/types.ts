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
  /** The success response's media type when it is not JSON (a CSV export). */
  contentType?: string;
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

/** Characters Postgres or the model cannot take, or that only hide text: refused in anything staff send. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;

/** Staff text: at most `max` characters and no NUL or other control characters. */
export const plainText = (max: number) => z.string().max(max).refine((value) => !CONTROL.test(value), "must not contain NUL, other control characters or bidirectional overrides");

/** Staff text that must say something: at least `min` visible characters once invisible ones are removed. */
export const visibleText = (min: number, max: number) =>
  plainText(max).refine((value) => value.replace(INVISIBLE, "").trim().length >= min, `must have at least ${min} visible characters`);

/** A whole number Postgres' 32-bit integer columns can hold. */
export const int32 = () => z.coerce.number().int().max(2_147_483_647);

/** Days a report covers when the request names no range. */
export const DEFAULT_RANGE_DAYS = 30;
export const isoTime = z.iso.datetime({ offset: true });

/** A report's range with what was left out filled in: `to` is now, `from` is `DEFAULT_RANGE_DAYS` before `to`. */
export function defaultRange<Q extends { from?: string | undefined; to?: string | undefined }>(query: Q, now = Date.now()): Omit<Q, "from" | "to"> & { from: string; to: string } {
  const to = query.to ?? new Date(now).toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_RANGE_DAYS * 86_400_000).toISOString();
  return { ...query, from, to };
}

/** The checks every report range passes: `from` before `to`, at most 400 days. */
export function rangeIssues(query: { from: string; to: string }): { message: string; path: string[] }[] {
  if (Date.parse(query.from) >= Date.parse(query.to)) return [{ message: "from must be before to", path: ["from"] }];
  if (Date.parse(query.to) - Date.parse(query.from) > 400 * 86_400_000) return [{ message: "at most 400 days", path: ["to"] }];
  return [];
}
