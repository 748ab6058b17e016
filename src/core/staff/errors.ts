/**
 * Errors of the staff services, free of any transport: the app's error handler maps them to HTTP
 * in one place (src/shell/http-app.ts), so a service never knows about status codes.
 */
export class StaffError extends Error {
  constructor(
    readonly kind: "unauthenticated" | "forbidden" | "not_found" | "conflict" | "invalid" | "throttled",
    message: string,
    /** Seconds until a throttled caller may try again. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = "StaffError";
  }
}

export const unauthenticated = (message = "Sign in first, or send the API token") => new StaffError("unauthenticated", message);
export const forbidden = (message: string) => new StaffError("forbidden", message);
export const notFound = (message: string) => new StaffError("not_found", message);
export const conflict = (message: string) => new StaffError("conflict", message);
export const invalid = (message: string) => new StaffError("invalid", message);
export const throttled = (retryAfterS: number) => new StaffError("throttled", "Too many failed sign-ins; try again later", retryAfterS);
