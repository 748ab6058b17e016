import type { InboxEvent } from "../../../src/core/staff/contract/client";
import type { StaffRouteName } from "../api";

/** What one live event means for the panel's cached data. */
export interface EventEffect {
  /** Routes whose cached answers are stale for every argument (lists). */
  routes: StaffRouteName[];
  /** Routes whose cached answer for this one conversation is stale. */
  conversationRoutes: StaffRouteName[];
  /** The conversation to mark as having news (null when the event names none yet). */
  highlight: string | null;
}

/**
 * Events carry no content, only what happened and where: the panel refetches what the event can
 * have changed, never more. A new chat's first message has no conversation id yet (Postgres has
 * no row until its first turn), so the list is refetched and the next event names the row.
 */
export function effectOf(event: InboxEvent): EventEffect {
  const id = event.conversationId;
  switch (event.type) {
    case "message.new":
    case "message.sent":
      return { routes: ["listConversations"], conversationRoutes: id ? ["listMessages", "listTurns"] : [], highlight: event.type === "message.new" ? id : null };
    case "handoff":
    case "resume":
    case "conversation.closed":
      return { routes: ["listConversations"], conversationRoutes: id ? ["listMessages"] : [], highlight: event.type === "handoff" ? id : null };
    case "order.placed":
      return { routes: ["listConversations", "listQuotations", "listSaleOrders"], conversationRoutes: [], highlight: id };
    default:
      return { routes: [], conversationRoutes: [], highlight: null };
  }
}

/**
 * Conversations with news the staff member has not opened yet: a new message or handoff adds one,
 * opening it clears it. Returns the same set when nothing changes (no re-render).
 */
export function withNews(news: ReadonlySet<string>, effect: EventEffect, openId: string | undefined): ReadonlySet<string> {
  if (!effect.highlight || effect.highlight === openId || news.has(effect.highlight)) return news;
  return new Set([...news, effect.highlight]);
}

export function withoutNews(news: ReadonlySet<string>, id: string | undefined): ReadonlySet<string> {
  if (!id || !news.has(id)) return news;
  const next = new Set(news);
  next.delete(id);
  return next;
}

/** A chat whose first message has arrived but whose conversation row Postgres does not have yet. */
export interface ArrivingChat {
  key: string;
  channel: string;
  chatId: string;
  at: number;
}

/**
 * A new chat's first message names no conversation until its first turn writes the row (a second
 * or more later). The inbox shows it at once from the event's chat key, then drops it once the
 * list has the real row.
 */
export function withArriving(arriving: readonly ArrivingChat[], event: InboxEvent): readonly ArrivingChat[] {
  if (event.type !== "message.new" || event.conversationId !== null || !event.chatKey) return arriving;
  if (arriving.some((chat) => chat.key === event.chatKey)) return arriving;
  try {
    const [channel, , chatId] = JSON.parse(event.chatKey) as [string, string, string];
    if (typeof channel !== "string" || typeof chatId !== "string") return arriving;
    return [{ key: event.chatKey, channel, chatId, at: event.at }, ...arriving];
  } catch {
    return arriving;
  }
}

/** Arriving chats the list does not show yet (same channel and chat id). */
export function stillArriving(arriving: readonly ArrivingChat[], listed: readonly { channel: string; chatId: string }[]): readonly ArrivingChat[] {
  const left = arriving.filter((chat) => !listed.some((row) => row.channel === chat.channel && row.chatId === chat.chatId));
  return left.length === arriving.length ? arriving : left;
}
