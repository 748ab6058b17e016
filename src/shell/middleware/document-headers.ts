import type { MiddlewareHandler } from "hono";

/**
 * Security headers for pages a customer's browser opens from a link (the quotation document): no
 * script at all, the one inline style only by this response's nonce, nothing loaded from
 * elsewhere, never framed by another site (clickjacking), no MIME sniffing, and no Referer that
 * would carry the signed link to wherever the customer goes next.
 */
export function documentSecurityHeaders(): MiddlewareHandler<{ Variables: { styleNonce: string } }> {
  return async function documentSecurityHeadersMiddleware(c, next) {
    const nonce = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
    c.set("styleNonce", nonce);
    await next();
    const policy = [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join("; ");
    c.res.headers.set("content-security-policy", policy);
    c.res.headers.set("x-content-type-options", "nosniff");
    c.res.headers.set("referrer-policy", "no-referrer");
    c.res.headers.set("x-frame-options", "DENY");
  };
}
