import { describe, expect, it } from "vitest";
import { TEST_SECRETS } from "./setup/secrets";
import { conversation, newChatId, postWebhook, textMessage } from "./helpers";

describe("webhook authentication", () => {
  it("refuses a missing token with 401 and stores nothing", async () => {
    const chatId = newChatId();
    const response = await postWebhook({ messages: [textMessage(chatId, "hello")] }, { token: null });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect((await conversation(chatId).snapshot()).messages).toBe(0);
  });

  it("refuses a wrong token, including one that is a prefix of the right one", async () => {
    for (const token of ["wrong", TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN.slice(0, -1), `${TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN}x`]) {
      const response = await postWebhook({ test: true }, { token });
      expect(response.status, token).toBe(401);
    }
  });

  it("accepts the token as a Bearer key (Wazzup's crmKey) as well as in the query string", async () => {
    const response = await postWebhook({ test: true }, { token: null, headers: { authorization: `Bearer ${TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN}` } });
    expect(response.status).toBe(200);
  });

  it("never echoes the token or other secrets in an error", async () => {
    const response = await postWebhook(null, { raw: "{", token: TEST_SECRETS.WAZZUP_WEBHOOK_TOKEN });
    const text = await response.text();
    for (const secret of Object.values(TEST_SECRETS)) expect(text).not.toContain(secret);
  });
});
