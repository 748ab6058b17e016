import { timingSafeEqual } from "node:crypto";

/**
 * The one Workers API the pure rules use that Node lacks: `crypto.subtle.timingSafeEqual`
 * (a Cloudflare extension of WebCrypto). Node's own constant-time comparison stands in for it,
 * with the same contract: equal lengths required, byte-wise equality.
 */
const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) => boolean };
if (!subtle.timingSafeEqual) {
  const bytes = (v: ArrayBuffer | ArrayBufferView) => (ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v));
  subtle.timingSafeEqual = (a, b) => {
    const x = bytes(a);
    const y = bytes(b);
    if (x.byteLength !== y.byteLength) throw new TypeError("Input buffers must have the same byte length");
    return timingSafeEqual(x, y);
  };
}
