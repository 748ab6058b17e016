import { createStaffClient, type StaffClient } from "../../src/core/staff/contract/client";

/**
 * How the harness reaches the worker under test, and what it needs to speak to it as its callers
 * do. In the vitest pool (workerd) `fetch` is the worker's own fetch handler and the origin is
 * `https://agent.test` (test/helpers.ts builds it); in Node (scripts/test, bench) the worker runs
 * under `wrangler dev` and `fetch` goes over the network (`targetAt`).
 */
export interface WorkerTarget {
  /** The worker's origin: requests are addressed to it, and staff cookies belong to it. */
  origin: string;
  fetch(request: Request): Promise<Response>;
  /** ADMIN_API_TOKEN: the staff API as a script calls it. */
  adminToken: string;
  /** WAZZUP_WEBHOOK_TOKEN and WAZZUP_CHANNEL_ID: what Wazzup's webhook carries. */
  webhookToken: string;
  channelId: string;
  /** The Wazzup stand-in (its /__control API tells what the agent sent); null when a real Wazzup is configured. */
  wazzupUrl: string | null;
}

/** The addresses a local stack publishes (scripts/dev/stack.ts, `stack.json`). */
export interface PublishedStack {
  workerUrl: string;
  adminToken: string;
  webhookToken: string;
  channelId: string;
  wazzupStandInUrl: string | null;
}

/** A worker answering over the network, as `wrangler dev` runs it. */
export function targetAt(stack: PublishedStack): WorkerTarget {
  return {
    origin: stack.workerUrl,
    fetch: (request) => fetch(request),
    adminToken: stack.adminToken,
    webhookToken: stack.webhookToken,
    channelId: stack.channelId,
    wazzupUrl: stack.wazzupStandInUrl,
  };
}

/** A request to the worker at `path` (under its origin). */
export function callWorker(target: WorkerTarget, path: string, init: RequestInit = {}): Promise<Response> {
  return target.fetch(new Request(`${target.origin}${path}`, init));
}

/** A request as ADMIN_API_TOKEN, with the caller's headers (a JSON body names its content type itself). */
export function asAdmin(target: WorkerTarget, path: string, init: RequestInit = {}): Promise<Response> {
  return callWorker(target, path, { ...init, headers: { authorization: `Bearer ${target.adminToken}`, ...(init.headers as Record<string, string> | undefined) } });
}

/** The typed staff API client (src/core/staff/contract/client.ts) as ADMIN_API_TOKEN. */
export function adminClient(target: WorkerTarget): StaffClient {
  return createStaffClient({ baseUrl: target.origin, token: target.adminToken, fetch: (input, init) => target.fetch(new Request(input, init)) });
}
