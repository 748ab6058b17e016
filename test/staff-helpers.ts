import { beforeAll } from "vitest";
import { expect } from "vitest";
import { createStaffUser, login as loginAt, signIn as signInAt, staffRequest, type NewStaff, type Role, type StaffRequest } from "./harness/staff";
import { worker } from "./helpers";

/** The staff side of the workerd harness: test/harness/staff.ts against the worker under test. */
export const ORIGIN = worker.origin;
export type { Role, StaffRequest };
export { sessionCookie, uniqueEmail } from "./harness/staff";

/** A request to the worker as the panel (cookie) or a script (token) makes it. */
export function staffFetch(path: string, request: StaffRequest = {}): Promise<Response> {
  return staffRequest(worker, path, request);
}

export const asToken = (path: string, request: StaffRequest = {}) => staffFetch(path, { ...request, token: worker.adminToken });

export interface TestStaff extends NewStaff {
  session: string;
}

/** Creates a user through the API (as the token) and signs them in. */
export async function staffUser(role: Role, label: string = role): Promise<TestStaff> {
  const user = await createStaffUser(worker, role, { label });
  return { ...user, session: await signIn(user.email, user.password) };
}

/**
 * Staff users one describe block shares, created and signed in before its tests:
 * `const staff = staffForSuite({ manager: "sara", viewer: "viewer" })`, then `staff.manager.session`.
 */
export function staffForSuite<R extends Partial<Record<Role, string>>>(labels: R): { readonly [K in keyof R]: TestStaff } {
  const users: Partial<Record<Role, TestStaff>> = {};
  beforeAll(async () => {
    for (const [role, label] of Object.entries(labels) as [Role, string][]) users[role] = await staffUser(role, label);
  });
  return users as { readonly [K in keyof R]: TestStaff };
}

/** Signs in and returns the session cookie's value. */
export function signIn(email: string, password: string, address?: string): Promise<string> {
  return signInAt(worker, email, password, address);
}

export function login(email: string, password: string, address?: string): Promise<Response> {
  return loginAt(worker, email, password, address);
}

/** The response's JSON, after asserting its status (the body is shown when it differs). */
export async function json<T>(pending: Response | Promise<Response>, status = 200): Promise<T> {
  const response = await pending;
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

/** Opens the live event stream (`/api/v1/events`) with a session: the socket, when it is ready, and the code it is closed with. */
export async function openStream(session: string, conversationId?: string): Promise<{ socket: WebSocket; ready: Promise<void>; closed: Promise<number> }> {
  const response = await staffFetch(`/api/v1/events${conversationId ? `?conversation=${conversationId}` : ""}`, { session, headers: { upgrade: "websocket" } });
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  socket.accept();
  const closed = new Promise<number>((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
  const ready = new Promise<void>((resolve) => socket.addEventListener("message", (event) => String(event.data).includes('"ready"') && resolve()));
  return { socket, ready, closed };
}

/** The code the stream was closed with, or "open" if it still is after `ms`. */
export const closedWithin = (stream: { closed: Promise<number> }, ms: number) => Promise.race([stream.closed, new Promise<"open">((resolve) => setTimeout(() => resolve("open"), ms))]);
