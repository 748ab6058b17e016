import { beforeAll, describe, expect, it } from "vitest";
import { staffContract } from "../src/core/staff/contract";
import type { RouteContract } from "../src/core/staff/contract/types";
import { asToken, staffFetch, staffUser, type TestStaff } from "./staff-helpers";

const routes = Object.entries(staffContract as Record<string, RouteContract>);

/** What the issues grant, written out independently of the code's permission table (issue 26: activating a proposal is the admin's). */
const ADMIN_ONLY = new Set(["patchSettings", "createPrompt", "activatePrompt", "listUsers", "createUser", "updateUser", "resetPassword", "listAudit", "putQualityRubric", "sendDigest", "activateQualityProposal"]);
/** Reads that still need manager or above (issue 24: exports are for managers and up). */
const MANAGER_READS = new Set(["exportCustomers", "exportConversations", "exportQuotations", "exportOrders"]);
const ANY_STAFF = new Set(["logout", "me", "changePassword"]);
function allowed(role: "admin" | "manager" | "viewer", name: string, route: RouteContract): boolean {
  if (role === "admin" || ANY_STAFF.has(name)) return true;
  if (ADMIN_ONLY.has(name)) return false;
  if (MANAGER_READS.has(name)) return role === "manager";
  return role === "manager" || route.method === "get";
}

/** Queries that make each list endpoint answer 200. */
const VALID_QUERY: Record<string, string> = {
  metrics: "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
  searchKnowledge: "?q=delivery",
  stock: "?sku=CH-ERG-1001",
  qualityReports: "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z",
};

/** A request the route accepts past authentication: valid lists, unknown ids, or input it refuses with 400/404. */
function probe(name: string, route: RouteContract): { path: string; method: string; body?: unknown } {
  const path = route.path.replace(/:(\w+)/g, (_, key: string) => (key === "version" ? "999999" : key === "idOrSku" ? "NO-SUCH-SKU" : crypto.randomUUID())) + (VALID_QUERY[name] ?? "");
  const method = route.method.toUpperCase();
  return route.body ? { path, method, body: { notAField: true } } : { path, method };
}

describe("role × route matrix", () => {
  let staff: Record<"admin" | "manager" | "viewer", TestStaff>;
  beforeAll(async () => {
    staff = { admin: await staffUser("admin"), manager: await staffUser("manager"), viewer: await staffUser("viewer") };
  });

  it("covers every staff route", () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
  });

  it.each(routes.filter(([, route]) => !route.public))("%s answers 401 without a session or token", async (name, route) => {
    const request = probe(name, route);
    const response = await staffFetch(request.path, request);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it.each(routes.filter(([name, route]) => !route.public && name !== "logout"))("%s: 403 for roles that may not, through for roles that may", async (name, route) => {
    const request = probe(name, route);
    for (const role of ["viewer", "manager", "admin"] as const) {
      const response = await staffFetch(request.path, { ...request, session: staff[role].session });
      const label = `${role} ${route.method.toUpperCase()} ${route.path}`;
      if (!allowed(role, name, route)) {
        expect(response.status, label).toBe(403);
        continue;
      }
      expect([401, 403], label).not.toContain(response.status);
      if (route.method === "get" && !route.params && name !== "events") expect(response.status, label).toBe(200);
    }
    const viaToken = await asToken(request.path, request);
    expect([401, 403], `token ${route.path}`).not.toContain(viaToken.status);
  });
});
