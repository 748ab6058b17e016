import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { prompts } from "./schema";

export interface PromptVersion {
  version: number;
  content: string;
  note: string | null;
  active: boolean;
  createdAt: Date;
}

const columns = { version: prompts.version, content: prompts.content, note: prompts.note, active: prompts.active, createdAt: prompts.createdAt };

export async function listPromptVersions(db: Database, name: string): Promise<PromptVersion[]> {
  return db.select(columns).from(prompts).where(eq(prompts.name, name)).orderBy(desc(prompts.version));
}

export async function activePrompt(db: Database, name: string): Promise<PromptVersion | null> {
  const rows = await db.select(columns).from(prompts).where(and(eq(prompts.name, name), eq(prompts.active, true)));
  return rows[0] ?? null;
}

/** Adds the next version; with `activate` it becomes the one active version in the same transaction. */
export async function createPromptVersion(
  db: Database,
  input: { name: string; content: string; note: string | null; activate: boolean },
): Promise<PromptVersion> {
  return db.transaction(async (tx) => {
    // Serialises concurrent creators of the same prompt name so versions never collide.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`prompts:${input.name}`}))`);
    const [latest] = await tx.select({ version: prompts.version }).from(prompts).where(eq(prompts.name, input.name)).orderBy(desc(prompts.version)).limit(1);
    if (input.activate) await tx.update(prompts).set({ active: false }).where(eq(prompts.name, input.name));
    const [row] = await tx
      .insert(prompts)
      .values({ name: input.name, version: (latest?.version ?? 0) + 1, content: input.content, note: input.note, active: input.activate })
      .returning(columns);
    return row!;
  });
}

/** Makes `version` the active one; false when it does not exist (nothing changes then). */
export async function activatePromptVersion(db: Database, name: string, version: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [target] = await tx.select({ id: prompts.id }).from(prompts).where(and(eq(prompts.name, name), eq(prompts.version, version)));
    if (!target) return false;
    await tx.update(prompts).set({ active: false }).where(eq(prompts.name, name));
    await tx.update(prompts).set({ active: true }).where(eq(prompts.id, target.id));
    return true;
  });
}
