import { describe, expect, it } from "vitest";
import type { InboxEvent } from "../../src/core/staff/contract/client";
import { filtersFromSearch, filtersToSearch, listQuery } from "../src/inbox/filters";
import { effectOf, stillArriving, withArriving, withNews, withoutNews } from "../src/inbox/live-merge";
import { turnFor } from "../src/inbox/message-list";
import { eventsUrl, reconnectDelayMs } from "../src/live-events";

const event = (type: InboxEvent["type"], conversationId: string | null = "c1"): InboxEvent => ({ type, conversationId, at: 1 });

describe("inbox filters", () => {
  it("read back what they wrote, and leave out empty ones", () => {
    const filters = { status: "waiting_for_human", language: "ar", channel: "telegram", q: "0501" } as const;
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(filtersToSearch({ q: "  " }).toString()).toBe("");
  });

  it("ignore values the API would refuse in a hand-edited address", () => {
    expect(filtersFromSearch(new URLSearchParams("status=everything&language=fr&channel=sms&q=%20%20"))).toEqual({});
    expect(filtersFromSearch(new URLSearchParams(`q=${"x".repeat(150)}`)).q).toHaveLength(100);
  });

  it("become the list call's query", () => {
    expect(listQuery({ status: "closed" })).toEqual({ query: { status: "closed", limit: 100 } });
    expect(listQuery(filtersFromSearch(new URLSearchParams("sort=leadScore")))).toEqual({ query: { sort: "leadScore", limit: 100 } });
    expect(filtersFromSearch(new URLSearchParams("sort=hottest"))).toEqual({});
  });
});

describe("live events merged into the inbox", () => {
  it("a new message refetches the lists and that conversation's messages and traces, and marks it", () => {
    expect(effectOf(event("message.new"))).toEqual({ routes: ["listConversations"], conversationRoutes: ["listMessages", "listTurns"], highlight: "c1" });
  });

  it("a new chat's first message, before it has an id, still refetches the list", () => {
    expect(effectOf(event("message.new", null))).toEqual({ routes: ["listConversations"], conversationRoutes: [], highlight: null });
  });

  it("a handoff is news; a hand back or close only refreshes", () => {
    expect(effectOf(event("handoff")).highlight).toBe("c1");
    expect(effectOf(event("resume")).highlight).toBeNull();
    expect(effectOf(event("conversation.closed")).routes).toEqual(["listConversations"]);
    expect(effectOf(event("order.placed")).routes).toContain("listSaleOrders");
  });

  it("an unknown frame (the stream's ready) changes nothing", () => {
    expect(effectOf({ type: "ready" } as unknown as InboxEvent)).toEqual({ routes: [], conversationRoutes: [], highlight: null });
  });

  it("news is not added for the open conversation, and opening clears it, keeping the same set when nothing changes", () => {
    const none: ReadonlySet<string> = new Set();
    const news = withNews(none, effectOf(event("message.new", "c2")), "c1");
    expect([...news]).toEqual(["c2"]);
    expect(withNews(news, effectOf(event("message.new", "c1")), "c1")).toBe(news);
    expect(withNews(news, effectOf(event("message.new", "c2")), undefined)).toBe(news);
    expect([...withoutNews(news, "c2")]).toEqual([]);
    expect(withoutNews(news, "c3")).toBe(news);
  });
});

describe("the event stream's connection", () => {
  it("uses wss on an https page and ws on http, on the panel's own host", () => {
    expect(eventsUrl({ protocol: "https:", host: "panel.pages.dev" })).toBe("wss://panel.pages.dev/api/v1/events");
    expect(eventsUrl({ protocol: "http:", host: "127.0.0.1:8788" }, "a b")).toBe("ws://127.0.0.1:8788/api/v1/events?conversation=a%20b");
  });

  it("backs off from half a second to ten", () => {
    expect([0, 1, 2, 5, 10].map(reconnectDelayMs)).toEqual([500, 1000, 2000, 10_000, 10_000]);
  });
});

describe("a bot message's trace", () => {
  const turn = { replyMessageId: "out-7" } as Parameters<typeof turnFor>[1][number];
  it("is the turn whose reply id is the message's client id", () => {
    expect(turnFor({ id: "m1", clientMessageId: "out-7", providerMessageId: "w1" }, [turn])).toBe(turn);
    expect(turnFor({ id: "m1", clientMessageId: "out-8", providerMessageId: null }, [turn])).toBeUndefined();
  });
});

describe("a new chat before Postgres has its row", () => {
  const key = JSON.stringify(["whatsapp", "local-channel", "971500000001"]);
  const first: InboxEvent = { type: "message.new", conversationId: null, chatKey: key, at: 5 };

  it("shows at once from the event's chat key, once however many messages arrive", () => {
    const arriving = withArriving([], first);
    expect(arriving).toEqual([{ key, channel: "whatsapp", chatId: "971500000001", at: 5 }]);
    expect(withArriving(arriving, { ...first, at: 6 })).toBe(arriving);
  });

  it("is not made from events that name a conversation, or from a chat key it cannot read", () => {
    expect(withArriving([], { ...first, conversationId: "c1" })).toEqual([]);
    expect(withArriving([], { ...first, chatKey: "not json" })).toEqual([]);
    expect(withArriving([], { ...first, type: "message.sent" })).toEqual([]);
  });

  it("leaves once the list has the real row", () => {
    const arriving = withArriving([], first);
    expect(stillArriving(arriving, [{ channel: "telegram", chatId: "971500000001" }])).toBe(arriving);
    expect(stillArriving(arriving, [{ channel: "whatsapp", chatId: "971500000001" }])).toEqual([]);
  });
});
