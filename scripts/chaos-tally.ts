import type postgres from "postgres";

/** What `npm run chaos` knows about one customer: the messages the webhook accepted, in order. */
export interface ChatRecord {
  chatId: string;
  /** In every question the customer sends, so the LLM stand-in can be told to fail this chat's completions. */
  tag: string;
  buyer: boolean;
  posted: { id: string; at: number }[];
  webhookRetries: number;
  webhook5xx: number;
  quotationNumber: string | null;
}

interface TallyInput {
  chats: ChatRecord[];
  wazzupUrl: string;
  zohoUrl: string;
  manager: string;
  sql: postgres.Sql;
}

export interface Tally {
  lines: string[];
  /** Lost, duplicated or stuck is not zero. */
  failed: boolean;
  /** Customer messages with no reply after them, in chats not handed to a manager. */
  unanswered: number;
  /** Work still under way: replies waiting to go out, open Zoho jobs, confirmed quotations without a sale order. */
  pendingWork: number;
}

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/**
 * Reads the outcome from where it shows: what the Wazzup stand-in accepted per chat (a reply is
 * `reply-<the customer message it answers>`, and a turn answers every message before it too), the
 * Zoho stand-in's sale orders per quotation, and Postgres for replies not delivered and Zoho jobs.
 */
export async function tally({ chats, wazzupUrl, zohoUrl, manager, sql }: TallyInput): Promise<Tally> {
  const ids = chats.map((c) => c.chatId);
  const handedOver = new Set((await sql<{ chat_id: string }[]>`SELECT chat_id FROM conversations WHERE status = 'handoff' AND chat_id = ANY(${ids})`).map((r) => r.chat_id));
  let received = 0;
  let delivered = 0;
  let duplicatedSends = 0;
  let unanswered = 0;
  let withManager = 0;
  for (const chat of chats) {
    const sends = (await json<{ messages: { crmMessageId?: string }[] }>(`${wazzupUrl}/__control/messages?chatId=${chat.chatId}`)).messages;
    const crmIds = sends.map((s) => s.crmMessageId).filter((id): id is string => Boolean(id));
    const distinct = new Set(crmIds);
    received += chat.posted.length;
    delivered += distinct.size;
    duplicatedSends += crmIds.length - distinct.size;
    let lastAnswered = -1;
    chat.posted.forEach((m, i) => {
      if (distinct.has(`reply-${m.id}`)) lastAnswered = i;
    });
    const after = chat.posted.length - 1 - lastAnswered;
    if (handedOver.has(chat.chatId)) withManager += after;
    else unanswered += after;
  }
  const [outbound] = await sql<{ waiting: number; failed: number }[]>`
    SELECT count(*) FILTER (WHERE m.delivery_status IN ('sending', 'undelivered'))::int AS waiting, count(*) FILTER (WHERE m.delivery_status = 'failed')::int AS failed
    FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.chat_id = ANY(${ids}) AND m.direction = 'out'`;
  const [jobs] = await sql<{ open: number; dead: number }[]>`SELECT count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS open, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM zoho_jobs`;
  let orders = 0;
  let duplicatedOrders = 0;
  let confirmedWithoutOrder = 0;
  const buyers = chats.filter((c) => c.buyer);
  for (const chat of buyers.filter((c) => c.quotationNumber)) {
    const count = (await json<{ salesorders: unknown[] }>(`${zohoUrl}/__control/salesorders?reference_number=${chat.quotationNumber}`)).salesorders.length;
    if (count > 0) orders++;
    else confirmedWithoutOrder++;
    duplicatedOrders += Math.max(0, count - 1);
  }
  const parked = (await json<{ messages: { text?: string }[] }>(`${wazzupUrl}/__control/messages?chatId=${manager}`)).messages.filter((m) => m.text?.includes("Stuck chat") && ids.some((id) => m.text!.includes(id))).length;
  const lost = unanswered + outbound!.failed;
  const duplicated = duplicatedSends + duplicatedOrders;
  const stuck = outbound!.waiting + jobs!.open + jobs!.dead + parked + confirmedWithoutOrder;
  const webhook5xx = chats.reduce((n, c) => n + c.webhook5xx, 0);
  const lines = [
    `messages received:   ${received} (webhook 5xx answers, redelivered: ${webhook5xx})`,
    `replies delivered:   ${delivered}`,
    `orders made:         ${orders} of ${buyers.length} buyers (${buyers.filter((c) => !c.quotationNumber).length} never saw a quotation)`,
    `with a manager:      ${handedOver.size} chats, ${withManager} messages after the handoff (the bot stays quiet by design)`,
    `lost:                ${lost} (customer messages never answered: ${unanswered}; replies given up: ${outbound!.failed})`,
    `duplicated:          ${duplicated} (replies sent twice: ${duplicatedSends}; extra sale orders: ${duplicatedOrders})`,
    `stuck:               ${stuck} (replies waiting: ${outbound!.waiting}; Zoho jobs open: ${jobs!.open}, dead: ${jobs!.dead}; parked turns: ${parked}; confirmed without order: ${confirmedWithoutOrder})`,
  ];
  return { lines, failed: lost + duplicated + stuck > 0, unanswered, pendingWork: outbound!.waiting + jobs!.open + confirmedWithoutOrder };
}
