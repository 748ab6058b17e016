/**
 * How a customer becomes a Zoho CRM contact, free of I/O (unit- and mutation-tested). WhatsApp
 * customers are matched on their mobile number. Telegram buyers have no number unless they share
 * one: they are filed by name and Telegram handle (and e-mail when the agent learned it), matched
 * on the e-mail when there is one, else on the CRM id we stored when the contact was made.
 */
export interface CrmCustomer {
  phone: string | null;
  name: string | null;
  profile: Record<string, unknown>;
  telegram: { chatId: string; handle: string | null } | null;
}

export type ContactPlan =
  | { ok: true; record: Record<string, unknown>; match: "Mobile" | "Email" | "id" }
  | { ok: false; reason: string };

export type ChannelLabel = "WhatsApp" | "Telegram";

/** The channel a customer reached us on, as CRM names it: Telegram for a Telegram identity (even with a shared number). */
export function channelLabel(customer: { telegram?: unknown }): ChannelLabel {
  return customer.telegram ? "Telegram" : "WhatsApp";
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);

/** The contact as CRM should hold it now, and what it is matched on; or why it cannot be written yet. */
export function crmContactPlan(customer: CrmCustomer): ContactPlan {
  const profile = customer.profile;
  const fullName = text(profile.name) ?? text(customer.name) ?? "";
  const [first, ...rest] = fullName.split(/\s+/).filter(Boolean);
  const email = text(profile.email);
  const handle = customer.telegram?.handle ? `@${customer.telegram.handle}` : undefined;
  const about = [text(profile.company) ? `Company: ${text(profile.company)}` : "", text(profile.needs) ? `Needs: ${text(profile.needs)}` : ""].filter(Boolean);
  const names = { Last_Name: rest.length > 0 ? rest.join(" ") : first, ...(rest.length > 0 && first ? { First_Name: first } : {}) };
  const common = {
    ...(email ? { Email: email } : {}),
    ...(text(profile.city) ? { Mailing_City: text(profile.city) } : {}),
  };
  if (customer.phone) {
    return {
      ok: true,
      match: "Mobile",
      record: {
        // Last_Name is mandatory in CRM; a customer who gave no name is filed under their number.
        ...names,
        Last_Name: names.Last_Name ?? `${channelLabel(customer)} +${customer.phone}`,
        Mobile: `+${customer.phone}`,
        Lead_Source: channelLabel(customer),
        ...common,
        ...(about.length > 0 ? { Description: about.join("\n") } : {}),
      },
    };
  }
  if (!names.Last_Name && !handle && !email) return { ok: false, reason: "no name, Telegram handle, e-mail or phone number yet: nothing to file the contact under" };
  const telegram = customer.telegram ? [`Telegram: ${handle ?? "no handle"} (chat ${customer.telegram.chatId})`] : [];
  return {
    ok: true,
    match: email ? "Email" : "id",
    record: {
      ...names,
      Last_Name: names.Last_Name ?? `Telegram ${handle ?? email}`,
      Lead_Source: channelLabel(customer),
      ...common,
      ...(telegram.length + about.length > 0 ? { Description: [...telegram, ...about].join("\n") } : {}),
    },
  };
}
