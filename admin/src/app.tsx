import { useQueryClient } from "@tanstack/react-query";
import { Suspense } from "react";
import { Navigate, Route, Routes } from "react-router";
import { StaffApiError, useStaffMutation, useStaffQuery } from "./api";
import { Nav, SCREENS } from "./nav";
import { AiHealthBanner } from "./ui/ai-health-banner";
import { SessionProvider } from "./session";
import { SignIn } from "./screens/sign-in";
import { ErrorNotice, Loading } from "./ui";

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
              {SCREENS.map(({ to, route, Screen }) => (
                <Route key={to} path={route ?? `${to.slice(1)}/*`} element={<Screen />} />
              ))}
              <Route path="*" element={<p>No such page. Pick one from the navigation.</p>} />
            </Routes>
          </Suspense>
        </main>
      </div>
    </SessionProvider>
  );
}
