import { sql } from "drizzle-orm";
import type { ModelFailureKind } from "../../core/agent/model";
import type { Database } from "./client";
import { settings } from "./schema";

/**
 * Whether the chat model answers, shared by every conversation and read by `/api/v1/health`: one
 * row of the settings table (key `model.status`), so no chat needs to know what another saw. A
 * failing streak starts at the first failure and ends at the first answer; its `alertedAt` is set
 * once per streak by whichever chat saw it first, so staff are told once, not once per chat.
 */
const KEY = "model.status";

export type ModelState = "answering" | Exclude<ModelFailureKind, "failed">;

export interface ModelStatus {
  state: ModelState;
  /** When the current failing streak began (ISO), null while answering. */
  since: string | null;
}

interface Stored {
  state?: ModelState;
  since?: string;
  alertedAt?: string;
}

/** Records a failure; true when this call opened the streak, i.e. when staff should be alerted now. */
export async function recordModelFailing(db: Database, state: Exclude<ModelState, "answering">, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const fresh: Stored = { state, since: at, alertedAt: at };
  // A streak already open keeps its start and its alert; only the kind of failure is updated.
  const [row] = await db
    .insert(settings)
    .values({ key: KEY, value: fresh as Record<string, unknown> })
    .onConflictDoUpdate({
      target: settings.key,
      set: {
        value: sql`case when coalesce(${settings.value}->>'state', 'answering') = 'answering' then excluded.value else ${settings.value} || jsonb_build_object('state', excluded.value->'state') end`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ value: settings.value });
  return (row?.value as Stored | undefined)?.alertedAt === at;
}

/** Ends a failing streak (a no-op, one indexed update, while the model answers). */
export async function recordModelAnswering(db: Database): Promise<void> {
  await db.execute(sql`update settings set value = '{"state":"answering"}'::jsonb, updated_at = now() where key = ${KEY} and value->>'state' <> 'answering'`);
}

export async function readModelStatus(db: Database): Promise<ModelStatus> {
  const rows = await db.select({ value: settings.value }).from(settings).where(sql`${settings.key} = ${KEY}`);
  const stored = (rows[0]?.value ?? {}) as Stored;
  const state = stored.state ?? "answering";
  return { state, since: state === "answering" ? null : (stored.since ?? null) };
}
