/**
 * What the OpenRouter stand-in answers a quality-proposal request (`response_format` named
 * `quality_proposal`) with: a valid structured answer built from the request, like a model
 * that follows its instructions. A prompt finding gets the active prompt with one rule added; a
 * knowledge finding a document for managers to complete.
 */
export function scriptedProposal(userText: string): Record<string, unknown> {
  const key = /Finding key: (.+)/.exec(userText)?.[1]?.trim() ?? "unknown";
  const pattern = /Pattern: (.+)/.exec(userText)?.[1]?.trim() ?? "a recurring fault";
  const cause = /Cause: (prompt|knowledge)/.exec(userText)?.[1] ?? "prompt";
  const active = /Active prompt:\n<<<\n([\s\S]*)\n>>>/.exec(userText)?.[1] ?? "";
  const reasoning = `Stand-in proposal for ${key}: ${pattern}.`;
  if (cause === "knowledge") {
    const slug = `stand-in-${key.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`.slice(0, 80);
    return { reasoning, kind: "knowledge", prompt: null, knowledge: { slug, topic: "other", language: "en", title: `Answers for: ${pattern}`.slice(0, 200), body: `Customers asked about this and got no answer: ${pattern}. A manager completes the answer here.` } };
  }
  const rule = key === "criterion:needs_discovery" ? "Before quoting, always ask how many pieces the customer needs." : `Avoid this: ${pattern}.`;
  return { reasoning, kind: "prompt", prompt: `${active.trimEnd()}\n\n${rule}`, knowledge: null };
}
