/**
 * The money rules of an order, free of I/O (unit- and mutation-tested): which of Zoho's taxes a
 * sale order's lines carry, whether the total Zoho answered is the quotation's, and the delivery
 * fee a city pays.
 */

export interface TaxChoice {
  taxId: string;
  name: string;
  percentage: number;
  isDefault: boolean;
}

/**
 * The organisation's VAT for the sale order's lines: the tax at the quotation's rate (a VAT-named
 * or default one first), else the default tax, else one named VAT; null when the quotation has no
 * VAT or Zoho has no tax. Whatever is chosen, the total Zoho answers is compared with the quotation's.
 */
export function pickVatTax(taxes: readonly TaxChoice[], vatPercent: number): TaxChoice | null {
  if (vatPercent <= 0) return null;
  const preferred = (tax: TaxChoice) => (/\bvat\b/i.test(tax.name) ? 2 : 0) + (tax.isDefault ? 1 : 0);
  const atRate = taxes.filter((tax) => tax.percentage === vatPercent).sort((a, b) => preferred(b) - preferred(a));
  return atRate[0] ?? taxes.find((tax) => tax.isDefault) ?? taxes.find((tax) => /\bvat\b/i.test(tax.name)) ?? null;
}

/** Whether two AED amounts are the same to the fils. */
export function sameAmount(a: number, b: number): boolean {
  return Math.round(a * 100) === Math.round(b * 100);
}

export interface DeliveryFee {
  /** The city as customers write it ("Abu Dhabi"); matched ignoring case, spaces and punctuation. */
  city: string;
  feeAed: number;
  /** Orders whose subtotal (before VAT) reaches this are delivered free; null: never free. */
  freeFromAed: number | null;
}

export type DeliveryQuote = { kind: "fee"; city: string; feeAed: number } | { kind: "free"; city: string } | { kind: "separate" };

/**
 * What delivery to the customer's city adds to a quotation: a fee, free delivery (the subtotal
 * reached the city's threshold), or "quoted separately" (the city is unknown or has no fee set).
 */
export function deliveryQuote(city: string | null | undefined, subtotalAed: number, fees: readonly DeliveryFee[]): DeliveryQuote {
  const key = cityKey(city ?? "");
  if (key === "") return { kind: "separate" };
  const entry = fees.find((fee) => cityKey(fee.city) === key);
  if (!entry) return { kind: "separate" };
  if (entry.freeFromAed !== null && subtotalAed >= entry.freeFromAed) return { kind: "free", city: entry.city };
  if (entry.feeAed <= 0) return { kind: "free", city: entry.city };
  return { kind: "fee", city: entry.city, feeAed: entry.feeAed };
}

/** The delivery amount a quotation's total includes: the fee, 0 when free, null when quoted separately. */
export function deliveryAmount(quote: DeliveryQuote): number | null {
  return quote.kind === "fee" ? quote.feeAed : quote.kind === "free" ? 0 : null;
}

function cityKey(city: string): string {
  return city.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}
