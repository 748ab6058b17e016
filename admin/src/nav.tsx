import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import { NavLink } from "react-router";
import type { Permission } from "../../src/core/staff/roles";
import { useSession } from "./session";
import { Button, roleLabel } from "./ui";

interface PanelScreen {
  /** The screen's address: its link, and the routes at and below it. */
  to: string;
  /** The link's name, part of the panel's contract (the browser tests find links by name). */
  name: string;
  /** Without it the link is hidden; the screen itself says why it shows nothing. */
  needs?: Permission;
  /** What the router matches when not `{to}/*` (the "/*" lets a screen add its own sub-routes, e.g. /customers/:id). */
  route?: string;
  /** Loaded on first visit, so signing in fetches only the shell and the inbox. */
  Screen: LazyExoticComponent<ComponentType>;
}

/** The panel's screens in navigation order: the links below and the routes in `App` both come from here. */
export const SCREENS: readonly PanelScreen[] = [
  { to: "/dashboard", name: "Dashboard", route: "dashboard", Screen: lazy(() => import("./screens/dashboard")) },
  { to: "/inbox", name: "Inbox", route: "inbox/:conversationId?", Screen: lazy(() => import("./screens/inbox")) },
  { to: "/orders", name: "Orders", Screen: lazy(() => import("./screens/orders")) },
  { to: "/customers", name: "Customers", Screen: lazy(() => import("./screens/customers")) },
  { to: "/prompts", name: "Prompts", Screen: lazy(() => import("./screens/prompts")) },
  { to: "/settings", name: "Settings", Screen: lazy(() => import("./screens/settings")) },
  { to: "/knowledge", name: "Knowledge", Screen: lazy(() => import("./screens/knowledge")) },
  { to: "/catalog", name: "Catalog", Screen: lazy(() => import("./screens/catalog")) },
  { to: "/quality", name: "Quality", Screen: lazy(() => import("./screens/quality")) },
  { to: "/findings", name: "Findings", Screen: lazy(() => import("./screens/findings")) },
  { to: "/users", name: "Users", needs: "users.manage", Screen: lazy(() => import("./screens/users")) },
  { to: "/audit", name: "Audit log", Screen: lazy(() => import("./screens/audit")) },
];

export function Nav() {
  const session = useSession();
  return (
    <nav className="nav" aria-label="Main">
      <span className="brand">Sales agent</span>
      {SCREENS.filter((link) => !link.needs || session.can(link.needs)).map((link) => (
        <NavLink key={link.to} to={link.to}>
          {link.name}
        </NavLink>
      ))}
      <div className="who">
        <span title={session.user.email}>
          {session.user.name} · {roleLabel(session.user.role)}
        </span>
        <Button onClick={session.signOut}>Sign out</Button>
      </div>
    </nav>
  );
}
