import { createContext, useContext, type ReactNode } from "react";
import { can, type Permission, type Role } from "../../src/core/staff/roles";
import type { StaffResult } from "./api";

export type Me = StaffResult<"me">["user"];

interface Session {
  user: Me;
  /** Whether the signed-in role holds a permission; the table is the server's own (src/core/staff/roles.ts). */
  can: (permission: Permission) => boolean;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ user, signOut, children }: { user: Me; signOut: () => void; children: ReactNode }) {
  const value: Session = { user, signOut, can: (permission) => can(user.role as Role, permission) };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in staff member, their role and permissions. Only inside the signed-in shell. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the signed-in shell");
  return session;
}
