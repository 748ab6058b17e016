import type { Evidence, Exchange } from "./criteria";
import type { StaffReader } from "./staff";

type Conversation = Awaited<ReturnType<StaffReader["conversationOf"]>>;

/** Waits until every answered message has its turn trace, the last thing a turn writes; then its conversation row is current. */
export async function untilRecorded(staff: StaffReader, chatId: string, answered: number, waitMs = 30_000): Promise<{ conversation: Conversation; turns: { productsShown: string[]; fallbackReason: string | null }[] }> {
  const deadline = Date.now() + waitMs;
  let conversation: Conversation = null;
  let turns: { productsShown: string[]; fallbackReason: string | null }[] = [];
  do {
    conversation = await staff.conversationOf(chatId);
    if (conversation) turns = (await staff.call("listTurns", { params: { id: conversation.id }, query: { limit: 200 } })).turns;
    // Read again after the traces: the row read before them may predate the turn's handoff.
    if (turns.length >= answered) return { conversation: await staff.conversationOf(chatId), turns };
    await new Promise((resolve) => setTimeout(resolve, 300));
  } while (Date.now() < deadline);
  return { conversation, turns };
}

/**
 * Gathers what the product recorded about one simulated conversation, through the staff API. A
 * turn's trace is written last, after its messages and handoff reach Postgres, so it first waits
 * until every answered message has its trace: then the rest is complete too.
 */
export async function gatherEvidence(staff: StaffReader, chatId: string, exchanges: Exchange[], window: { from: Date }): Promise<Evidence & { conversationId: string | null }> {
  const { conversation, turns } = await untilRecorded(staff, chatId, exchanges.filter((e) => e.replies.length > 0).length);
  const [settings, prompts, quotations, handoffs] = await Promise.all([
    staff.call("getSettings"),
    staff.call("getPrompts"),
    staff.call("listQuotations", { query: { limit: 200 } }),
    // From the persona's first message: the one before it has been fully recorded by then.
    staff.handoffsBetween(window.from, new Date(Date.now() + 1000)),
  ]);
  return {
    conversationId: conversation?.id ?? null,
    exchanges,
    status: conversation?.status ?? null,
    handoffs,
    quotations: quotations.quotations.filter((q) => q.conversationId === conversation?.id).map((q) => ({ state: q.state, totalAed: Number(q.totalAed) })),
    productsShown: turns.flatMap((t) => t.productsShown),
    fallbackReasons: turns.map((t) => t.fallbackReason),
    maxDiscountPercent: Number(settings.settings.maxDiscountPercent ?? 0),
    systemPrompt: prompts.active.content,
  };
}
