import { describe, expect, it } from "vitest";
import { can, ROLE_PERMISSIONS, ROLES, type Permission } from "../../src/core/staff/roles";

/**
 * The permission table as it stands. Other work adds permissions to it, so these tests name the
 * permissions they are about instead of comparing whole lists, and check the table's invariants.
 */
const MANAGER_HOLDS: Permission[] = ["staff.read", "conversations.write", "knowledge.write", "quotations.write", "catalog.sync", "jobs.replay"];
const ADMIN_ONLY: Permission[] = ["settings.write", "prompts.write", "users.manage", "audit.read"];

describe("the staff roles", () => {
  it("are admin, manager and viewer, most powerful first", () => {
    expect(ROLES.slice(0, 3)).toEqual(["admin", "manager", "viewer"]);
  });

  it("let a viewer read and change nothing", () => {
    expect(can("viewer", "staff.read")).toBe(true);
    for (const permission of [...MANAGER_HOLDS.slice(1), ...ADMIN_ONLY]) expect(can("viewer", permission), permission).toBe(false);
  });

  it("let a manager run the shop: conversations, knowledge, quotations, catalog sync, job replays", () => {
    for (const permission of MANAGER_HOLDS) expect(can("manager", permission), permission).toBe(true);
  });

  it("keep settings, prompts, staff accounts and the audit log for admins", () => {
    for (const permission of ADMIN_ONLY) {
      expect(can("manager", permission), permission).toBe(false);
      expect(can("admin", permission), permission).toBe(true);
    }
  });

  it("give each role everything the role below it holds", () => {
    for (const permission of ROLE_PERMISSIONS.viewer) expect(can("manager", permission), permission).toBe(true);
    for (const permission of ROLE_PERMISSIONS.manager) expect(can("admin", permission), permission).toBe(true);
    expect(ROLE_PERMISSIONS.admin.length).toBeGreaterThan(ROLE_PERMISSIONS.manager.length);
    expect(ROLE_PERMISSIONS.manager.length).toBeGreaterThan(ROLE_PERMISSIONS.viewer.length);
  });

  it("name no permission twice for a role", () => {
    for (const role of ROLES) expect(new Set(ROLE_PERMISSIONS[role]).size, role).toBe(ROLE_PERMISSIONS[role].length);
  });
});
