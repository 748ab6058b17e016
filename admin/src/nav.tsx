import { NavLink } from "react-router";
import type { Permission } from "../../src/core/staff/roles";
import { useSession } from "./session";
import { Button, roleLabel } from "./ui";

/** The navigation: link names are part of the panel's contract (the browser tests find them by name). */
export const NAV_LINKS: readonly { to: string; name: string; needs?: Permission }[] = [
  { to: "/dashboard", name: "Dashboard" },
  { to: "/inbox", name: "Inbox" },
  { to: "/orders", name: "Orders" },
  { to: "/customers", name: "Customers" },
  { to: "/prompts", name: "Prompts" },
  { to: "/settings", name: "Settings" },
  { to: "/knowledge", name: "Knowledge" },
  { to: "/catalog", name: "Catalog" },
  { to: "/quality", name: "Quality" },
  { to: "/findings", name: "Findings" },
  { to: "/users", name: "Users", needs: "users.manage" },
  { to: "/audit", name: "Audit log" },
];

export function Nav() {
  const session = useSession();
  return (
    <nav className="nav" aria-label="Main">
      <span className="brand">Sales agent</span>
      {NAV_LINKS.filter((link) => !link.needs || session.can(link.needs)).map((link) => (
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
