import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { StaffApiError } from "./api";
import { App } from "./app";
import "./ui/styles.css";

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    // A 4xx will not change on retry; a network blip or a 5xx gets one more try.
    queries: { retry: (failures, error) => !(error instanceof StaffApiError && error.status < 500) && failures < 1, staleTime: 5_000 },
  },
  // A session that ended (expired, signed out elsewhere) sends everyone back to the sign-in screen.
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (error instanceof StaffApiError && error.status === 401 && query.queryKey[0] !== "me") void queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  }),
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
