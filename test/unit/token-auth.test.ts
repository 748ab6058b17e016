import { describe, expect, it } from "vitest";
import { createApp } from "../../src/shell/http-app";
import { secretsMatch } from "../../src/lib/secure-compare";
import { tokenAuth } from "../../src/shell/middleware/token-auth";

const TOKEN = "webhook-token-3f9c2d7a1b8e4f60";

/** A fresh app with the middleware in front of one route, as the webhook and admin routes use it. */
function appWith(options: Parameters<typeof tokenAuth>[0]) {
  const app = createApp();
  app.use("/hook", tokenAuth(options));
  app.post("/hook", (c) => c.json({ ok: true }));
  return app;
}
const call = (app: ReturnType<typeof appWith>, path: string, env: object, headers: Record<string, string> = {}) => app.request(path, { method: "POST", headers }, env);
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe("webhook and admin token authentication", () => {
  const env = { WAZZUP_WEBHOOK_TOKEN: TOKEN };
  const webhook = appWith({ setting: "WAZZUP_WEBHOOK_TOKEN", queryParam: "token" });

  it("lets the right token in as a Bearer header (any case, surrounding spaces) or in the allowed query parameter", async () => {
    expect((await call(webhook, "/hook", env, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await call(webhook, "/hook", env, { authorization: `bearer   ${TOKEN} ` })).status).toBe(200);
    expect((await call(webhook, `/hook?token=${TOKEN}`, env)).status).toBe(200);
  });

  it("refuses a wrong, partial, longer or missing token with 401", async () => {
    for (const [path, headers] of [
      ["/hook", {}],
      ["/hook?token=", {}],
      [`/hook?token=${TOKEN.slice(0, -1)}`, {}],
      [`/hook?token=${TOKEN}x`, {}],
      ["/hook", { authorization: `Bearer ${TOKEN.toUpperCase()}` }],
      ["/hook", { authorization: TOKEN }],
      ["/hook", { authorization: `Basic ${TOKEN}` }],
      ["/hook", { authorization: `XBearer ${TOKEN}` }],
    ] as const) {
      const response = await call(webhook, path, env, headers);
      expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(await codeOf(response)).toBe("UNAUTHORIZED");
    }
  });

  it("tells the caller what is wrong without saying which part", async () => {
    const response = await call(webhook, "/hook", env, { authorization: "Bearer wrong-token-value" });
    expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED", message: "Missing or invalid token" } });
  });

  it("prefers the header: a wrong Bearer token is refused even with the right query token", async () => {
    expect((await call(webhook, `/hook?token=${TOKEN}`, env, { authorization: "Bearer wrong-token-value" })).status).toBe(401);
  });

  it("takes the token from the query only where the route allows it", async () => {
    const admin = appWith({ setting: "ADMIN_API_TOKEN" });
    const adminEnv = { ADMIN_API_TOKEN: TOKEN };
    expect((await call(admin, `/hook?token=${TOKEN}`, adminEnv)).status).toBe(401);
    expect((await call(admin, "/hook", adminEnv, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    // The admin token does not open the webhook, nor the webhook token the admin API.
    expect((await call(webhook, `/hook?token=${TOKEN}`, adminEnv)).status).toBe(503);
  });

  it("refuses everything with 503 while the token is not configured", async () => {
    const response = await call(webhook, "/hook?token=", {}, { authorization: "Bearer anything" });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "NOT_CONFIGURED", message: "WAZZUP_WEBHOOK_TOKEN is not set; this endpoint refuses all requests until it is" } });
  });
});

describe("constant-time secret comparison", () => {
  it("matches equal secrets only, whatever their lengths", async () => {
    expect(await secretsMatch(TOKEN, TOKEN)).toBe(true);
    expect(await secretsMatch(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(await secretsMatch("", TOKEN)).toBe(false);
    expect(await secretsMatch("a", "b")).toBe(false);
    expect(await secretsMatch("", "")).toBe(true);
  });
});
