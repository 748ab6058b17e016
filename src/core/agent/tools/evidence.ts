import type { CustomerProfile, Handoff, ProductView, QuotationTools, ToolCallRecord } from "../types";

/** What a turn's tools returned: the only names, prices and figures a reply may state, and a handoff request. */
export class ToolEvidence {
  readonly products = new Map<string, ProductView>();
  readonly calls: ToolCallRecord[] = [];
  handoff: Handoff | null = null;
  profile: CustomerProfile = {};
  /** Knowledge-base passages the turn read (figures in them, such as delivery fees, may be quoted). */
  readonly knowledge: string[] = [];
  /** Every tool result as the model read it: numbers in them (counts, sizes, years) may be repeated, never as a price. */
  readonly results: string[] = [];

  /** `desk`: the quotation tools for this chat; absent where there is no conversation to quote in. */
  constructor(readonly desk: QuotationTools | null = null) {}

  add(found: Iterable<ProductView>): void {
    for (const product of found) this.products.set(product.id, product);
  }

  /** What a search run before the model found: taken in as if the model's own call had found it. */
  absorb(other: ToolEvidence): void {
    this.add(other.products.values());
    this.calls.push(...other.calls);
    this.knowledge.push(...other.knowledge);
    this.results.push(...other.results);
  }
}
