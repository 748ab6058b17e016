/** A message the bot sent, as the customer's WhatsApp shows it: its text, or the document it links to. */
export function shownMessage(message: { text?: string; contentUri?: string }): string {
  if (message.contentUri) return `📄 document: ${message.contentUri}${message.text ? `\n       ${message.text}` : ""}`;
  return message.text ?? "(empty message)";
}
