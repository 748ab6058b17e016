import type { SyncRun } from "../../src/adapters/db/sync-runs-repo";
import type { StaffBody, StaffResult } from "../../src/core/staff/contract/client";
import { poll, type PollOptions } from "./poll";
import { adminClient, asAdmin, type WorkerTarget } from "./target";

/** A value as JSON carries it: dates as ISO strings. */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/**
 * A catalog sync run as the staff API answers it: the contract's fields (getSyncRun), and the rest
 * of the row it passes through as the database holds it.
 */
export type SyncRunView = StaffResult<"getSyncRun">["run"] & Json<SyncRun>;

/** Whether a run has ended, well or not (an interrupted run is sent on again by the queue). */
export const syncEnded = (run: SyncRunView) => run.status === "succeeded" || run.status === "failed";

/** Asks for a catalog sync through the API (a new run: 202, or the open one joined: 200). */
export async function startSync(target: WorkerTarget, body: StaffBody<"startSync"> = {}): Promise<{ status: number; run: SyncRunView; created: boolean; resumed: boolean }> {
  const response = await asAdmin(target, "/api/v1/products/sync", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`starting a sync answered ${response.status}: ${await response.text()}`);
  const started = (await response.json()) as StaffResult<"startSync"> & { run: SyncRunView };
  return { status: response.status, ...started };
}

/** Reads the run until `done` holds (by default: it left queued and running). */
export async function waitForSyncRun(target: WorkerTarget, runId: string, done: (run: SyncRunView) => boolean = (run) => run.status !== "queued" && run.status !== "running", options: PollOptions = {}): Promise<SyncRunView> {
  const client = adminClient(target);
  return poll(`sync run ${runId}`, async () => (await client.getSyncRun({ params: { runId } })).run as SyncRunView, done, { timeoutMs: 45_000, ...options });
}
