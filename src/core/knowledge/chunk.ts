/** Passages of about this many characters: small enough to quote to the model, big enough to hold a policy. */
const TARGET_CHARS = 700;
const MAX_CHARS = 1000;

/**
 * Cuts a document into passages along paragraph lines, joining short paragraphs and splitting
 * long ones at sentence ends. Each passage starts with the title, so it reads (and embeds) on
 * its own.
 */
export function chunkDocument(title: string, body: string): string[] {
  const paragraphs = body
    .replace(/\r\n/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .flatMap(splitLong);
  const chunks: string[] = [];
  let current = "";
  for (const paragraph of paragraphs) {
    if (current && current.length + paragraph.length + 1 > TARGET_CHARS) {
      chunks.push(current);
      current = "";
    }
    current = current ? `${current}\n${paragraph}` : paragraph;
  }
  if (current) chunks.push(current);
  return chunks.map((text) => `${title.trim()}\n${text}`);
}

function splitLong(paragraph: string): string[] {
  if (paragraph.length <= MAX_CHARS) return [paragraph];
  const sentences = paragraph.match(/[^.!?؟۔]+[.!?؟۔]*\s*/g) ?? [paragraph];
  const parts: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > TARGET_CHARS) {
      parts.push(current.trim());
      current = "";
    }
    current += sentence;
    while (current.length > MAX_CHARS) {
      parts.push(current.slice(0, MAX_CHARS).trim());
      current = current.slice(MAX_CHARS);
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
