import { formatDateTime } from "../../ui/format";

/**
 * The panel's banner while the AI model fails (issue 20): read from `GET /api/v1/health`, whose
 * `ai` says whether customers get the model's answers (it names no model). React-free, so the
 * wording per state is unit-tested (admin/test/ai-health.test.ts).
 */
interface AiHealth {
  ok: boolean;
  state: string;
  since?: string | null;
}

/** The `ai` field of a health answer, checked by hand: zod stays out of the panel's first load (vite.config.ts). */
function aiOf(body: unknown): AiHealth | null {
  const ai = (body as { ai?: unknown } | null | undefined)?.ai as Partial<AiHealth> | undefined;
  if (!ai || typeof ai !== "object" || typeof ai.ok !== "boolean" || typeof ai.state !== "string") return null;
  return { ok: ai.ok, state: ai.state, since: typeof ai.since === "string" ? ai.since : null };
}

/** How often the shell asks (the health is cheap: one indexed read). */
export const AI_HEALTH_POLL_MS = 15_000;

/** The banner's text for a health answer, or null when the model answers (or the answer is not one). */
export function aiHealthBanner(body: unknown): string | null {
  const ai = aiOf(body);
  if (!ai || ai.ok) return null;
  const since = ai.since ? ` since ${formatDateTime(ai.since)}` : "";
  switch (ai.state) {
    case "key_refused":
      return `The AI model is failing${since}: OpenRouter refuses the API key (HTTP 401). The offline salesperson is answering customers and still quotes and takes orders; no chat is handed over for this. Fix OPENROUTER_API_KEY (and redeploy) to bring the model back.`;
    case "unreachable":
      return `The AI model is failing${since}: OpenRouter cannot be reached. Customers get the offline catalog reply and their chats are handed to managers until it answers again.`;
    default:
      return `The AI model is failing${since} (${ai.state}). Customers get the offline salesperson's answers.`;
  }
}
