import { sql, type SQL } from "drizzle-orm";
import type { CsvValue } from "../../core/exports/csv";
import type { Database } from "./client";

export const EXPORT_KINDS = ["customers", "conversations", "quotations", "orders"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportRange {
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Where the previous page ended (rows come in the order of `at`, then `id`). */
export interface ExportCursor {
  at: string;
  id: string;
}

interface Dataset {
  header: string[];
  /** The timestamp the date range filters on and rows are ordered by. */
  at: string;
  select: (where: SQL, limit: number) => SQL;
  row: (r: Record<string, unknown>) => CsvValue[];
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

const DATASETS: Record<ExportKind, Dataset> = {
  customers: {
    header: ["id", "name", "phone", "language", "created_at", "conversations", "last_message_at", "opted_out_at"],
    at: "c.created_at",
    select: (where, limit) => sql`
      SELECT c.id, c.name, c.phone, c.language, c.created_at AS at, c.created_at::text AS cursor_at, c.proactive_opt_out_at,
        (SELECT count(*) FROM conversations v WHERE v.customer_id = c.id) AS conversations,
        (SELECT max(v.last_message_at) FROM conversations v WHERE v.customer_id = c.id) AS last_message_at
      FROM customers c WHERE ${where} ORDER BY c.created_at, c.id LIMIT ${limit}`,
    row: (r) => [text(r.id), text(r.name), text(r.phone), text(r.language), date(r.at), num(r.conversations), date(r.last_message_at), date(r.proactive_opt_out_at)],
  },
  conversations: {
    header: ["id", "channel", "chat_id", "customer_name", "customer_phone", "status", "language", "created_at", "last_message_at", "messages"],
    at: "v.created_at",
    select: (where, limit) => sql`
      SELECT v.id, v.channel, v.chat_id, c.name, c.phone, v.status, v.language, v.created_at AS at, v.created_at::text AS cursor_at, v.last_message_at,
        (SELECT count(*) FROM messages m WHERE m.conversation_id = v.id) AS messages
      FROM conversations v JOIN customers c ON c.id = v.customer_id WHERE ${where} ORDER BY v.created_at, v.id LIMIT ${limit}`,
    row: (r) => [text(r.id), text(r.channel), text(r.chat_id), text(r.name), text(r.phone), text(r.status), text(r.language), date(r.at), date(r.last_message_at), num(r.messages)],
  },
  quotations: {
    header: ["number", "state", "version", "customer_name", "customer_phone", "subtotal_aed", "vat_aed", "total_aed", "created_at", "shown_at", "confirmed_at", "salesorder_number"],
    at: "q.created_at",
    select: (where, limit) => sql`
      SELECT q.id, q.number, q.state, q.version, c.name, c.phone, q.subtotal_aed, q.vat_aed, q.total_aed, q.created_at AS at, q.created_at::text AS cursor_at, q.shown_at, q.confirmed_at, q.zoho_salesorder_number
      FROM quotations q JOIN customers c ON c.id = q.customer_id WHERE ${where} ORDER BY q.created_at, q.id LIMIT ${limit}`,
    row: (r) => [text(r.number), text(r.state), num(r.version), text(r.name), text(r.phone), num(r.subtotal_aed), num(r.vat_aed), num(r.total_aed), date(r.at), date(r.shown_at), date(r.confirmed_at), text(r.zoho_salesorder_number)],
  },
  orders: {
    header: ["salesorder_number", "quotation_number", "customer_name", "customer_phone", "total_aed", "ordered_at"],
    at: "q.ordered_at",
    select: (where, limit) => sql`
      SELECT q.id, q.zoho_salesorder_number, q.number, c.name, c.phone, q.total_aed, q.ordered_at AS at, q.ordered_at::text AS cursor_at
      FROM quotations q JOIN customers c ON c.id = q.customer_id WHERE q.state = 'ordered' AND q.ordered_at IS NOT NULL AND ${where} ORDER BY q.ordered_at, q.id LIMIT ${limit}`,
    row: (r) => [text(r.zoho_salesorder_number), text(r.number), text(r.name), text(r.phone), num(r.total_aed), date(r.at)],
  },
};

export function exportHeader(kind: ExportKind): string[] {
  return DATASETS[kind].header;
}

/** One page of rows after `cursor`, within the range, and where the next page starts (null: done). */
export async function exportPage(db: Database, kind: ExportKind, range: ExportRange, cursor: ExportCursor | null, limit: number): Promise<{ rows: CsvValue[][]; next: ExportCursor | null }> {
  const dataset = DATASETS[kind];
  const at = sql.raw(dataset.at);
  const id = sql.raw(`${dataset.at.split(".")[0]}.id`);
  const conditions: SQL[] = [sql`true`];
  if (range.from) conditions.push(sql`${at} >= ${range.from.toISOString()}::timestamptz`);
  if (range.to) conditions.push(sql`${at} < ${range.to.toISOString()}::timestamptz`);
  if (cursor) conditions.push(sql`(${at}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const result = await db.execute(dataset.select(sql.join(conditions, sql` AND `), limit));
  const rows = result.rows as Record<string, unknown>[];
  const last = rows[rows.length - 1];
  return { rows: rows.map(dataset.row), next: rows.length === limit && last ? { at: String(last.cursor_at), id: String(last.id) } : null };
}
