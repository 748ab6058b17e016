/**
 * The channel registry: the one list of customer-facing networks, with what the rest of the code
 * needs to know about each. The drizzle schema's column enum, the staff contracts, the panel's
 * filters and labels, the repositories and the composition all take their channel names from
 * here. This module imports nothing, so drizzle-kit and the panel can load it too.
 * Adding a channel: `docs/adding-a-channel.md`.
 */

/** What the code outside a channel's own folder may ask about it. */
export interface ChannelSpec {
  /** The code stored in Postgres and sent over the staff API. */
  readonly name: string;
  /** The word staff read (panel, CRM deal names, sale-order notes). */
  readonly label: string;
  /** The provider's chat kind of a one-to-one chat with a customer (the only chats the agent answers). */
  readonly customerChatType: string;
  /** Whether a chat id on this channel is the customer's phone number (so it can find a customer and a Zoho contact). */
  readonly chatIdIsPhone: boolean;
}

export const CHANNELS = [
  { name: "whatsapp", label: "WhatsApp", customerChatType: "whatsapp", chatIdIsPhone: true },
  { name: "telegram", label: "Telegram", customerChatType: "private", chatIdIsPhone: false },
] as const satisfies readonly ChannelSpec[];

/** A customer-facing network. A customer's identity is (channel, external id), never a phone number alone. */
export type ChannelName = (typeof CHANNELS)[number]["name"];

/** Every channel's name, in registry order (a non-empty tuple, as `z.enum` and drizzle's `enum` want it). */
export const CHANNEL_NAMES = CHANNELS.map((channel) => channel.name) as unknown as readonly [ChannelName, ...ChannelName[]];

const byName = new Map<string, ChannelSpec>(CHANNELS.map((channel) => [channel.name, channel]));

/** A channel's registry entry. */
export function channelSpec(name: ChannelName): ChannelSpec {
  return byName.get(name)!;
}

/** Whether a string (a query parameter, a stored value) names a channel. */
export function isChannelName(value: string): value is ChannelName {
  return byName.has(value);
}

/** The word staff read for a channel code; an unknown code is shown as it is. */
export function channelLabel(name: string): string {
  return byName.get(name)?.label ?? name;
}
