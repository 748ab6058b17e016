import { describe, expect, it } from "vitest";
import { errorMessage, fieldErrors, StaffApiError } from "../src/api";
import { createStaffClient } from "../../src/core/staff/contract/client";
import { onRequest } from "../functions/api/[[path]]";

describe("how the panel shows a refused call", () => {
  it("says why, in the API's words", () => {
    expect(errorMessage(new StaffApiError(403, "FORBIDDEN", "Your role (viewer) may not change settings", "r1", null))).toBe("Not allowed: Your role (viewer) may not change settings");
    expect(errorMessage(new StaffApiError(429, "TOO_MANY_REQUESTS", "Too many sign-in attempts", "r2", 30))).toBe("Too many sign-in attempts (try again in 30 s)");
    expect(errorMessage(new TypeError("Failed to fetch"))).toMatch(/could not be reached/);
  });

  it("puts each validation issue next to its field, the first per field", () => {
    const error = new StaffApiError(400, "VALIDATION_FAILED", "Invalid request body", "r3", null, { issues: [{ path: "hours.open", message: "too early" }, { path: "hours.open", message: "second" }, { path: "name", message: "required" }] });
    expect(fieldErrors(error)).toEqual({ "hours.open": "too early", name: "required" });
    expect(fieldErrors(new Error("x"))).toEqual({});
  });

  it("gets the details from the API's error body through the typed client", async () => {
    const body = { error: { code: "VALIDATION_FAILED", message: "Invalid request body: maxDiscountPercent too big", requestId: "r4", details: { issues: [{ path: "maxDiscountPercent", message: "too big" }] } } };
    const client = createStaffClient({ fetch: async () => new Response(JSON.stringify(body), { status: 400, headers: { "content-type": "application/json" } }) });
    const failure = await client.patchSettings({ body: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StaffApiError);
    expect(fieldErrors(failure)).toEqual({ maxDiscountPercent: "too big" });
  });
});

describe("the Pages Function in front of the Worker", () => {
  it("hands the request on unchanged through the service binding and returns the Worker's answer", async () => {
    const seen: Request[] = [];
    const worker = { fetch: async (request: Request) => (seen.push(request), new Response("from the worker", { status: 202, headers: { "set-cookie": "staff_session=x; HttpOnly; SameSite=Strict" } })) };
    const request = new Request("https://panel.pages.dev/api/v1/conversations/c1/messages?x=1", { method: "POST", headers: { cookie: "staff_session=abc", origin: "https://panel.pages.dev", "content-type": "application/json" }, body: '{"text":"hi"}' });
    const response = await onRequest({ request, env: { API: worker } });
    expect(response.status).toBe(202);
    expect(response.headers.get("set-cookie")).toContain("SameSite=Strict");
    expect(seen[0]?.url).toBe("https://panel.pages.dev/api/v1/conversations/c1/messages?x=1");
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.headers.get("origin")).toBe("https://panel.pages.dev");
    expect(seen[0]?.headers.get("cookie")).toBe("staff_session=abc");
    expect(await seen[0]?.text()).toBe('{"text":"hi"}');
  });
});
