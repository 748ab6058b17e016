import { useQuery } from "@tanstack/react-query";
import { AI_HEALTH_POLL_MS, aiHealthBanner } from "../screens/shared/ai-health";

/** Shown on every screen while the AI model is failing; nothing otherwise (or while health cannot be read). */
export function AiHealthBanner() {
  const health = useQuery({
    queryKey: ["health"],
    queryFn: async () => (await fetch("/api/v1/health", { headers: { accept: "application/json" } })).json() as Promise<unknown>,
    refetchInterval: AI_HEALTH_POLL_MS,
    retry: false,
  });
  const text = aiHealthBanner(health.data);
  if (!text) return null;
  return (
    <div role="alert" aria-label="AI model status" className="notice notice-error ai-health-banner">
      {text}
    </div>
  );
}
