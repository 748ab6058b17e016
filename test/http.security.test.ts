import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids are our own", () => {
  it("a client's cf-ray is never echoed as the request id, in the header or the error body", async () => {
    const forged = "attacker-chosen-id";
    const response = await exports.default.fetch(new Request("https://agent.test/api/v1/no-such-route", { headers: { "cf-ray": forged } }));
    expect(response.status).toBe(404);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    const body = (await response.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(id);
    expect(JSON.stringify(body)).not.toContain(forged);
  });

  it("two requests carrying the same cf-ray get ids of their own", async () => {
    const ray = "8d2f1c3b5a6e7f90-DXB";
    const responses = await Promise.all([0, 1].map(() => exports.default.fetch(new Request("https://agent.test/api/v1/health", { headers: { "cf-ray": ray } }))));
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
    await Promise.all(responses.map((r) => r.text()));
  });
});
