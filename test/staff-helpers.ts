import { exports } from "cloudflare:workers";
import { TEST_SECRETS } from "./setup/secrets";

export const ORIGIN = "https://agent.test";
export type Role = "admin" | "manager" | "viewer";

export interface StaffRequest {
  method?: string;
  body?: unknown;
  /** A session cookie value; without it (and without `token`) the request is anonymous. */
  session?: string;
  token?: string;
  /** The Origin header; defaults to the API's own origin for cookie requests. Null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** A request to the worker as the panel (cookie) or a script (token) makes it. */
export function staffFetch(path: string, request: StaffRequest = {}): Promise<Response> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.session) {
    headers.cookie = `__Host-staff_session=${request.session}`;
    const origin = request.origin === undefined ? ORIGIN : request.origin;
    if (origin !== null) headers.origin = origin;
  }
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method: request.method ?? "GET", headers, ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}) }));
}

export const asToken = (path: string, request: StaffRequest = {}) => staffFetch(path, { ...request, token: TEST_SECRETS.ADMIN_API_TOKEN });

export function uniqueEmail(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@staff.test`;
}

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  role: Role;
  session: string;
}

/** Creates a user through the API (as the token) and signs them in. */
export async function staffUser(role: Role, label: string = role): Promise<TestStaff> {
  const email = uniqueEmail(label);
  const password = `pw-${crypto.randomUUID()}`;
  const created = await asToken("/api/v1/admin/users", { method: "POST", body: { email, name: `${label} user`, role, password } });
  if (created.status !== 201) throw new Error(`creating ${role} failed: ${created.status} ${await created.text()}`);
  const { user } = (await created.json()) as { user: { id: string } };
  return { id: user.id, email, password, role, session: await signIn(email, password) };
}

/** Signs in and returns the session cookie's value. */
export async function signIn(email: string, password: string, address?: string): Promise<string> {
  const response = await login(email, password, address);
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return sessionCookie(response)!;
}

export function login(email: string, password: string, address?: string): Promise<Response> {
  return staffFetch("/api/v1/auth/login", { method: "POST", body: { email, password }, headers: { origin: ORIGIN, ...(address ? { "cf-connecting-ip": address } : {}) } });
}

export function sessionCookie(response: Response): string | null {
  const header = response.headers.get("set-cookie") ?? "";
  return /__Host-staff_session=([^;]*)/.exec(header)?.[1] || null;
}
