import { eq } from "drizzle-orm";
import { conversations } from "../src/adapters/db/schema";
import { qualityReviews } from "../src/adapters/db/quality-schema";
import { scriptOpenRouter } from "./harness/stand-ins";
import { CHANNEL_ID, openrouter, query, until } from "./helpers";

export type StoredReview = typeof qualityReviews.$inferSelect;

/** The chat's conversation id in Postgres (its mirror row). */
export function conversationIdOf(chatId: string): Promise<string> {
  return until(`conversation row of ${chatId}`, async () => {
    const [row] = await query((db) => db.select({ id: conversations.id }).from(conversations).where(eq(conversations.chatId, chatId)));
    return row?.id ?? null;
  });
}

/** Every review of the chat's conversation, oldest first. */
export async function reviewsOf(chatId: string): Promise<StoredReview[]> {
  const id = await conversationIdOf(chatId);
  return query((db) => db.select().from(qualityReviews).where(eq(qualityReviews.conversationId, id)).orderBy(qualityReviews.createdAt));
}

/** Waits for a finished (done or failed) review of the chat, and returns it. */
export function finishedReview(chatId: string, accept: (review: StoredReview) => boolean = () => true): Promise<StoredReview> {
  return until(`a finished review of ${chatId}`, async () => (await reviewsOf(chatId)).find((r) => r.status !== "queued" && accept(r)) ?? null);
}

/** Scripts the judge's next answers for transcripts containing `match` (text, HTTP errors). */
export function scriptJudge(match: string, responses: unknown[]): Promise<void> {
  return scriptOpenRouter(openrouter(), match, responses, "judge");
}

/** The judge requests the OpenRouter stand-in received whose transcript contains `match`. */
export async function judgeRequests(match: string): Promise<{ model: string; responseFormat: { type: string; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } }; systemText: string; transcript: string }[]> {
  const response = await fetch(`${new URL(openrouter()).origin}/__control/judge-requests?match=${encodeURIComponent(match)}`);
  return ((await response.json()) as { requests: never[] }).requests;
}

export { CHANNEL_ID };
