import { gte, sql } from "drizzle-orm";
import type { AgentSettingsPatch } from "../../core/domain/settings";
import type { Database } from "./client";
import { agentTurns, settings } from "./schema";
import { playgroundRuns } from "./staff-schema";

const AGENT_KEY = "agent";

/** The stored overrides of the agent settings ({} when none). */
export async function loadAgentSettingOverrides(db: Database): Promise<Record<string, unknown>> {
  const rows = await db.select({ value: settings.value }).from(settings).where(sql`${settings.key} = ${AGENT_KEY}`);
  return rows[0]?.value ?? {};
}

/** Merges a validated patch into the stored overrides atomically and returns them. */
export async function patchAgentSettings(db: Database, patch: AgentSettingsPatch): Promise<Record<string, unknown>> {
  const [row] = await db
    .insert(settings)
    .values({ key: AGENT_KEY, value: patch })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`${settings.value} || excluded.value`, updatedAt: sql`now()` } })
    .returning({ value: settings.value });
  return row?.value ?? {};
}

/** LLM tokens spent since the start of the current UTC day, across all chats and the prompt playground. */
export async function tokensUsedToday(db: Database, now: Date): Promise<number> {
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [row] = await db
    .select({ tokens: sql<string>`coalesce(sum(${agentTurns.promptTokens} + ${agentTurns.completionTokens}), 0)` })
    .from(agentTurns)
    .where(gte(agentTurns.createdAt, dayStart));
  const [playground] = await db
    .select({ tokens: sql<string>`coalesce(sum(${playgroundRuns.promptTokens} + ${playgroundRuns.completionTokens}), 0)` })
    .from(playgroundRuns)
    .where(gte(playgroundRuns.at, dayStart));
  return Number(row?.tokens ?? 0) + Number(playground?.tokens ?? 0);
}
