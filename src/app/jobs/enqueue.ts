import type { Database } from "../../adapters/db/client";
import { recordJob, type ZohoJobKind, type ZohoJobRow } from "../../adapters/db/zoho-jobs-repo";
import type { Config } from "../../core/config";
import type { Services, WorkQueues } from "../services";
import { describeError, log } from "../../lib/log";
import { isCrmJob } from "./job-rules";

/** The queue message of a Zoho write: only the ledger key; the job's data is read from Postgres when it runs. */
export interface ZohoJobMessage {
  kind: "zoho-job";
  jobId: string;
}

export interface JobContext {
  services: Services;
  config: Config;
  db: Database;
  job: ZohoJobRow;
  /** Zoho HTTP requests this attempt made (for the ledger and the benchmark). */
  requests: { count: number };
}

export { PermanentJobError } from "./job-rules";

/** The two queues Zoho writes go on. */
export type ZohoQueues = Pick<WorkQueues, "zohoSync" | "zohoCrm">;

/**
 * Records a Zoho write under its idempotency key and puts it on the queue. A key seen before is
 * not enqueued again: the earlier job carries it (or already did). If the queue send fails, the
 * row stays `queued` and the cron's sweep sends it later, so the write is delayed, never lost.
 */
export async function enqueueZohoJob(queues: ZohoQueues, db: Database, job: { id: string; kind: ZohoJobKind; subjectId: string }): Promise<boolean> {
  const created = await recordJob(db, job);
  if (created) await sendZohoJob(queues, job.id);
  return created;
}

/** CRM jobs go to their own queue so CRM's pace never holds a sale order back. */
export function queueFor(queues: ZohoQueues, jobId: string): Queue {
  return isCrmJob(jobId) ? queues.zohoCrm : queues.zohoSync;
}

/** Puts a recorded job on its queue. A failed send is logged, not thrown: the cron's sweep resends it. */
export async function sendZohoJob(queues: ZohoQueues, jobId: string): Promise<void> {
  try {
    await queueFor(queues, jobId).send({ kind: "zoho-job", jobId } satisfies ZohoJobMessage);
  } catch (error) {
    log("error", "zoho_job.enqueue_failed", { job: jobId, ...describeError(error) });
  }
}

