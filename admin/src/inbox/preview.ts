/** The inbox row's preview of the last message: who wrote it and its first words on one line. */
export function messagePreview(last: { author: string; text: string | null; type: string } | null | undefined, maxChars = 80): string {
  if (!last) return "No messages yet";
  const who = last.author === "customer" ? "" : last.author === "agent" ? "Bot: " : last.author === "manager" ? "Manager: " : "System: ";
  // The offline salesperson's label line says nothing about the chat.
  const text = (last.text ?? `[${last.type}]`).replace(/^🤖[^\n]*\n/, "").replace(/\s+/g, " ").trim();
  return `${who}${text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text || `[${last.type}]`}`;
}
