import type { StaffBody } from "../../src/core/staff/contract/client";
import { adminClient, callWorker, type WorkerTarget } from "./target";

export type Role = StaffBody<"createUser">["role"];

export interface StaffRequest {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** A session cookie's value; without it (and without `token`) the request is anonymous. */
  session?: string;
  token?: string;
  /** The Origin header; the worker's own origin for cookie requests by default. Null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** A request to the staff API as the panel (session cookie) or a script (token) makes it. */
export function staffRequest(target: WorkerTarget, path: string, request: StaffRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.session) {
    headers.cookie = `__Host-staff_session=${request.session}`;
    const origin = request.origin === undefined ? target.origin : request.origin;
    if (origin !== null) headers.origin = origin;
  }
  return callWorker(target, path, { method: request.method ?? "GET", headers, ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}) });
}

/** An email address no other test uses. */
export function uniqueEmail(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@staff.test`;
}

export interface NewStaff {
  id: string;
  email: string;
  password: string;
  role: Role;
  name: string;
}

/** Creates a staff user through the API as ADMIN_API_TOKEN, with a known password and a unique email. */
export async function createStaffUser(target: WorkerTarget, role: Role, options: { label?: string; name?: string } = {}): Promise<NewStaff> {
  const label = options.label ?? role;
  const email = uniqueEmail(label);
  const password = `pw-${crypto.randomUUID()}`;
  const name = options.name ?? `${label} user`;
  const { user } = await adminClient(target).createUser({ body: { email, name, role, password } });
  return { id: user.id, email, password, role, name };
}

/** POSTs a sign-in as the panel does (from the worker's own origin; `address` as the client's IP). */
export function login(target: WorkerTarget, email: string, password: string, address?: string): Promise<Response> {
  return staffRequest(target, "/api/v1/auth/login", { method: "POST", body: { email, password }, headers: { origin: target.origin, ...(address ? { "cf-connecting-ip": address } : {}) } });
}

/** Signs in and returns the session cookie's value. */
export async function signIn(target: WorkerTarget, email: string, password: string, address?: string): Promise<string> {
  const response = await login(target, email, password, address);
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return sessionCookie(response)!;
}

/** The session cookie's value a response sets, or null. */
export function sessionCookie(response: Response): string | null {
  const header = response.headers.get("set-cookie") ?? "";
  return /__Host-staff_session=([^;]*)/.exec(header)?.[1] || null;
}
