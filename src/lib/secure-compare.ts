const encoder = new TextEncoder();

/**
 * Compares a presented secret with the expected one in constant time. Both are hashed first so
 * the comparison never depends on, or reveals, the expected value's length.
 */
export async function secretsMatch(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(presented)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}
