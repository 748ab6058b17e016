import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/shell/http-app";
import { registerAdminKnowledge } from "../src/shell/routes/admin-knowledge";
import { registerMetrics } from "../src/shell/routes/admin-metrics";
import { registerAdminPrompts } from "../src/shell/routes/admin-prompts";
import { registerAdminSettings } from "../src/shell/routes/admin-settings";
import { registerCustomers } from "../src/shell/routes/customers";
import { registerAnalytics } from "../src/shell/routes/analytics";
import { registerExports } from "../src/shell/routes/exports";
import { registerConversations } from "../src/shell/routes/conversations";
import { registerInventory } from "../src/shell/routes/inventory";
import { registerOrders } from "../src/shell/routes/orders";
import { registerProducts } from "../src/shell/routes/products";
import { registerQuality } from "../src/shell/routes/quality-reviews";
import { registerQualityFindings } from "../src/shell/routes/quality-findings";
import { registerStaffAuth } from "../src/shell/routes/staff-auth";
import { createStaffClient, StaffApiError } from "../src/core/staff/contract/client";
import { TEST_SECRETS } from "./setup/secrets";
import { ORIGIN, staffUser } from "./staff-helpers";

/** Routes that are not staff endpoints: Wazzup's signed document link. */
const NOT_STAFF = new Set(["GET /api/v1/quotations/:id/document"]);

describe("the staff API contract", () => {
  it("documents every staff route the app registers, and nothing it does not", async () => {
    const app = createApp();
    for (const register of [registerConversations, registerProducts, registerInventory, registerOrders, registerAdminSettings, registerAdminPrompts, registerAdminKnowledge, registerStaffAuth, registerMetrics, registerQuality, registerQualityFindings, registerCustomers, registerAnalytics, registerExports]) register(app);
    const registered = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`).filter((r) => !NOT_STAFF.has(r)));
    const doc = (await (await exports.default.fetch(`${ORIGIN}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: object }>> };
    expect(doc.openapi).toBe("3.1.0");
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`)));
    expect([...documented].sort()).toEqual([...registered].sort());
    // Request and response schemas come from the zod schemas that validate them.
    const createUser = doc.paths["/api/v1/admin/users"]!.post as unknown as { requestBody: { content: { "application/json": { schema: { required: string[]; properties: Record<string, { enum?: string[] }> } } } } };
    expect(createUser.requestBody.content["application/json"].schema.required.sort()).toEqual(["email", "name", "password", "role"]);
    expect(createUser.requestBody.content["application/json"].schema.properties.role!.enum).toEqual(["admin", "manager", "viewer"]);
  });

  it("serves a self-contained reference page", async () => {
    const response = await exports.default.fetch(`${ORIGIN}/api/v1/docs`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("/api/v1/openapi.json");
    expect(html).not.toMatch(/(src|href)=["']https?:/);
  });

  it("the typed client calls the API with the session or the token", async () => {
    const fetcher = (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init));
    const admin = createStaffClient({ baseUrl: ORIGIN, token: TEST_SECRETS.ADMIN_API_TOKEN, fetch: fetcher as typeof fetch });
    const viewer = await staffUser("viewer");
    const { users } = await admin.listUsers();
    expect(users.some((u) => u.id === viewer.id && u.role === "viewer")).toBe(true);
    const { user } = await admin.updateUser({ params: { id: viewer.id }, body: { name: "Renamed viewer" } });
    expect(user.name).toBe("Renamed viewer");
    const list = await admin.listConversations({ query: { status: "active", limit: 5 } });
    expect(list.limit).toBe(5);
    // The search's shape is the one the contract names (the panel's search tester reads it).
    const found = await admin.searchProducts({ query: { q: "mesh chair", retrieval: "lexical", limit: 3 } });
    expect(found.mode).toBe("lexical");
    expect(found.products.length).toBeGreaterThan(0);
    expect(found.products[0]).toEqual(expect.objectContaining({ sku: expect.any(String), name: expect.any(String), priceAed: expect.any(Number), stockAvailable: expect.any(Number) }));

    const asViewer = createStaffClient({ baseUrl: ORIGIN, fetch: ((input: RequestInfo | URL, init?: RequestInit) => fetcher(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: `__Host-staff_session=${viewer.session}`, origin: ORIGIN } })) as typeof fetch });
    expect((await asViewer.me()).user.role).toBe("viewer");
    const refused = await asViewer.patchSettings({ body: { dailyTokenCap: 987_654_321 } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StaffApiError);
    expect((refused as StaffApiError).status).toBe(403);
  });
});
