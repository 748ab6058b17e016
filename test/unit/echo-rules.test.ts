import { describe, expect, it } from "vitest";
import { MANAGER_NOTIFICATION_PREFIX } from "../../src/core/agent/handoff";
import { ORDER_NOTIFICATION_PREFIX } from "../../src/core/orders/messages";
import { isOwnNoticeEcho, settleOwnEcho } from "../../src/shell/durable-objects/conversation/echo-rules";

describe("telling our notice to a manager from a manager typing", () => {
  it("recognises each kind of our notice by its id", () => {
    for (const id of ["handoff-abc-971500000001", "order-Q-7-971500000001", "undelivered-m1-9715", "failed-m1-9715", "park-m2-9715"]) {
      expect(isOwnNoticeEcho({ clientMessageId: id, text: "anything" }), id).toBe(true);
    }
  });

  it("recognises a notice by its opening words when the id did not come back", () => {
    expect(isOwnNoticeEcho({ clientMessageId: null, text: `${MANAGER_NOTIFICATION_PREFIX} Sara wants a discount` })).toBe(true);
    expect(isOwnNoticeEcho({ text: `${ORDER_NOTIFICATION_PREFIX} SO-1 created` })).toBe(true);
  });

  it("takes anything else for a manager writing to the customer", () => {
    expect(isOwnNoticeEcho({ clientMessageId: "manager-typed-1", text: "Hello, this is Omar from sales" })).toBe(false);
    expect(isOwnNoticeEcho({ clientMessageId: undefined, text: undefined })).toBe(false);
    expect(isOwnNoticeEcho({ clientMessageId: "reply-handoff-1", text: `Re: ${MANAGER_NOTIFICATION_PREFIX}` })).toBe(false);
  });
});

describe("settling our own message when its echo arrives", () => {
  it("marks a message still sending as sent and records the channel's id when it had none", () => {
    expect(settleOwnEcho({ state: "sending", providerId: null }, "wz-1")).toEqual({ state: "sent", providerId: "wz-1" });
  });

  it("keeps the id the channel already gave", () => {
    expect(settleOwnEcho({ state: "sending", providerId: "wz-0" }, "wz-1")).toEqual({ state: "sent", providerId: null });
  });

  it("adds only the id to a message already settled without one, never reviving a failed one", () => {
    expect(settleOwnEcho({ state: "sent", providerId: null }, "wz-1")).toEqual({ state: "sent", providerId: "wz-1" });
    expect(settleOwnEcho({ state: "failed", providerId: null }, "wz-1")).toEqual({ state: "failed", providerId: "wz-1" });
  });

  it("changes nothing on a sent message that has its id", () => {
    expect(settleOwnEcho({ state: "sent", providerId: "wz-0" }, "wz-1")).toBeNull();
  });
});
