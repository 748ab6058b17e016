import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { StaffApiError, useStaffMutation, useStaffQuery } from "./api";
import { Nav } from "./nav";
import { AiHealthBanner } from "./ui/ai-health-banner";
import { SessionProvider } from "./session";
import { SignIn } from "./screens/sign-in";
import { ErrorNotice, Loading } from "./ui";

// Every screen loads on first visit, so signing in fetches only the shell and the inbox.
const Inbox = lazy(() => import("./screens/inbox"));
const Dashboard = lazy(() => import("./screens/dashboard"));
const Orders = lazy(() => import("./screens/orders"));
const Customers = lazy(() => import("./screens/customers"));
const Prompts = lazy(() => import("./screens/prompts"));
const Settings = lazy(() => import("./screens/settings"));
const Knowledge = lazy(() => import("./screens/knowledge"));
const Catalog = lazy(() => import("./screens/catalog"));
const Quality = lazy(() => import("./screens/quality"));
const Findings = lazy(() => import("./screens/findings"));
const Users = lazy(() => import("./screens/users"));
const Audit = lazy(() => import("./screens/audit"));

/** Signed out: the sign-in screen. Signed in: the navigation and the screen the address names. */
export function App() {
  const queryClient = useQueryClient();
  const me = useStaffQuery("me", undefined, { retry: false, staleTime: 60_000 });
  const logout = useStaffMutation("logout", { onSuccess: () => queryClient.clear() });

  if (me.isPending) return <Loading what="Opening the panel" />;
  if (me.error instanceof StaffApiError && me.error.status === 401) return <SignIn />;
  if (me.error) return <ErrorNotice error={me.error} title="The panel could not load" />;

  return (
    <SessionProvider user={me.data.user} signOut={() => logout.mutate(undefined)}>
      <div className="shell">
        <Nav />
        <main className="main">
          <AiHealthBanner />
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route index element={<Navigate to="/inbox" replace />} />
              <Route path="dashboard" element={<Dashboard />} />
              <Route path="inbox/:conversationId?" element={<Inbox />} />
              {/* The "/*" lets a screen add its own sub-routes (e.g. /customers/:id) with a nested <Routes>. */}
              <Route path="orders/*" element={<Orders />} />
              <Route path="customers/*" element={<Customers />} />
              <Route path="prompts/*" element={<Prompts />} />
              <Route path="settings/*" element={<Settings />} />
              <Route path="knowledge/*" element={<Knowledge />} />
              <Route path="catalog/*" element={<Catalog />} />
              <Route path="quality/*" element={<Quality />} />
              <Route path="findings/*" element={<Findings />} />
              <Route path="users/*" element={<Users />} />
              <Route path="audit/*" element={<Audit />} />
              <Route path="*" element={<p>No such page. Pick one from the navigation.</p>} />
            </Routes>
          </Suspense>
        </main>
      </div>
    </SessionProvider>
  );
}
