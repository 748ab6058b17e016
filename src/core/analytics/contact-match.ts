/**
 * Which chat customer a Zoho Inventory contact is. A contact we created for an order is found by
 * its id; any other by its mobile or phone number, compared as international digits (a UAE number
 * written 050…, +971 50…, 00971 50… or 50… without the country code is one number). A customer
 * already tied to another contact is not taken over: the contact becomes a customer of its own,
 * so one contact is always one customer and a sync never makes two.
 */

/** UAE's country code: a local number (0 5x…, or the nine digits alone) is completed with it. */
export const HOME_COUNTRY_CODE = "971";

/** A phone number as international digits (WhatsApp's form), or null when it cannot be one. */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let digits = raw.replace(/\D/g, "");
  if (digits.startsWith("00")) digits = digits.slice(2);
  else if (digits.startsWith("0")) digits = `${HOME_COUNTRY_CODE}${digits.slice(1)}`;
  // Nine digits starting 5 (a UAE mobile) or eight starting 2-4/6/7/9 (a landline) written without 0 or +971.
  else if (/^5\d{8}$/.test(digits) || /^[2-46-9]\d{7}$/.test(digits)) digits = `${HOME_COUNTRY_CODE}${digits}`;
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

export interface ContactToMatch {
  contactId: string;
  name: string;
  mobile: string;
  phone: string;
}

/** What the database already holds for a page of contacts. */
export interface MatchContext {
  /** Inventory contact id → our customer, for contacts already linked (we created them, or an earlier sync did). */
  linkedCustomers: ReadonlyMap<string, string>;
  /** International phone digits → the customer with that phone and the contact they are linked to, if any. */
  customersByPhone: ReadonlyMap<string, { customerId: string; inventoryContactId: string | null }>;
}

export type ContactDecision =
  | { contactId: string; kind: "linked"; customerId: string }
  | { contactId: string; kind: "matched"; customerId: string; by: "phone" }
  | { contactId: string; kind: "create"; name: string; phone: string | null };

/** Decides for each contact of a page; pure, so the matching rules are tested alone. */
export function planContacts(contacts: readonly ContactToMatch[], context: MatchContext): ContactDecision[] {
  const claimedCustomers = new Set<string>();
  const claimedPhones = new Set<string>();
  const decisions: ContactDecision[] = [];
  for (const contact of contacts) {
    const linked = context.linkedCustomers.get(contact.contactId);
    if (linked) {
      claimedCustomers.add(linked);
      decisions.push({ contactId: contact.contactId, kind: "linked", customerId: linked });
      continue;
    }
    const phones = contactPhones(contact);
    const match = phones
      .map((phone) => context.customersByPhone.get(phone))
      .find((found) => found && found.inventoryContactId === null && !claimedCustomers.has(found.customerId));
    if (match) {
      claimedCustomers.add(match.customerId);
      for (const phone of phones) claimedPhones.add(phone);
      decisions.push({ contactId: contact.contactId, kind: "matched", customerId: match.customerId, by: "phone" });
      continue;
    }
    // A phone another customer (or an earlier contact of this page) holds stays theirs: phones are unique.
    const free = phones.find((phone) => !context.customersByPhone.has(phone) && !claimedPhones.has(phone)) ?? null;
    if (free) claimedPhones.add(free);
    decisions.push({ contactId: contact.contactId, kind: "create", name: contact.name, phone: free });
  }
  return decisions;
}

/** The contact's numbers as international digits, mobile first, without repeats. */
export function contactPhones(contact: Pick<ContactToMatch, "mobile" | "phone">): string[] {
  const out: string[] = [];
  for (const raw of [contact.mobile, contact.phone]) {
    const phone = normalizePhone(raw);
    if (phone && !out.includes(phone)) out.push(phone);
  }
  return out;
}

/** Sale orders that do not stand count for nothing (kept, shown, never summed). */
export const NOT_STANDING_STATUSES: readonly string[] = ["void", "draft"];

export function orderStands(status: string): boolean {
  return !NOT_STANDING_STATUSES.includes(status.toLowerCase());
}
