/** Staff roles, most to least powerful. */
export const ROLES = ["admin", "manager", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a request may do. Every staff route and service names one permission; this table is the
 * single place that says which role holds it.
 */
export type Permission =
  | "staff.read"
  | "conversations.write"
  | "knowledge.write"
  | "quotations.write"
  | "catalog.sync"
  | "jobs.replay"
  | "settings.write"
  | "prompts.write"
  | "users.manage"
  | "audit.read"
  | "quality.review"
  | "quality.rubric"
  | "prompts.try"
  | "analytics.run"
  | "data.export"
  | "digest.send";

const MANAGER: readonly Permission[] = ["staff.read", "conversations.write", "knowledge.write", "quotations.write", "catalog.sync", "jobs.replay", "quality.review", "prompts.try", "analytics.run", "data.export"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...MANAGER, "settings.write", "prompts.write", "users.manage", "audit.read", "quality.rubric", "digest.send"],
  manager: MANAGER,
  viewer: ["staff.read"],
};

/** True when `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
