import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { adminFetch } from "./helpers";

interface SettingsBody {
  settings: Record<string, number>;
  defaults: Record<string, number>;
  overrides: Record<string, number>;
}

const patch = (body: unknown) =>
  adminFetch("/api/v1/admin/settings", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("admin settings API", () => {
  it("needs the admin token", async () => {
    const response = await exports.default.fetch(new Request("https://agent.test/api/v1/admin/settings"));
    expect(response.status).toBe(401);
  });

  it("shows effective settings, defaults and overrides; a valid patch changes only its keys", async () => {
    const before = (await (await adminFetch("/api/v1/admin/settings")).json()) as SettingsBody;
    expect(before.defaults).toMatchObject({ burstWaitMs: 300, customerMessagesPerMinute: 20, customerDailyTurns: 200 });
    // dailyTokenCap is the one key this suite may change: it stays far above what tests spend.
    const changed = await patch({ dailyTokenCap: 987_654_321 });
    expect(changed.status).toBe(200);
    const body = (await changed.json()) as SettingsBody;
    expect(body.settings.dailyTokenCap).toBe(987_654_321);
    expect(body.settings.customerMessagesPerMinute).toBe(before.settings.customerMessagesPerMinute);
    expect(((await (await adminFetch("/api/v1/admin/settings")).json()) as SettingsBody).overrides.dailyTokenCap).toBe(987_654_321);
  });

  it("refuses out-of-range values and unknown keys with 400 and changes nothing", async () => {
    const before = (await (await adminFetch("/api/v1/admin/settings")).json()) as SettingsBody;
    for (const bad of [{ customerMessagesPerMinute: 0 }, { burstWaitMs: 3_600_000 }, { burstWaitMs: "fast" }, { noSuchSetting: 1 }]) {
      const response = await patch(bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    }
    const after = (await (await adminFetch("/api/v1/admin/settings")).json()) as SettingsBody;
    expect(after.settings).toEqual(before.settings);
  });
});
