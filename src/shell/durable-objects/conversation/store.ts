import type { InboundMessage } from "../../../core/channels/channel";
import type { ConversationState, StateKey } from "./state";

/**
 * The conversation's own storage (the Durable Object's SQLite): the durable record that makes a
 * webhook safe to acknowledge, the dedup set, the order of messages and the turn's state.
 * Every method is synchronous, so a check and the write that follows it can never interleave
 * with another request to the same object.
 */
export type StoredDirection = "in" | "out";
export type StoredAuthor = "customer" | "agent" | "manager" | "system";
/**
 * Inbound: pending -> answered | limited (over the rate or daily budget: kept, not answered) |
 * held (a manager has the chat) | ignored (not an answerable chat) | parked (its turn kept failing).
 * Outbound: sending (until the channel takes it, however long that is) -> sent | failed.
 */
export type StoredState = "pending" | "answered" | "limited" | "held" | "ignored" | "parked" | "sending" | "sent" | "failed";

export interface StoredMessage {
  seq: number;
  id: string;
  direction: StoredDirection;
  author: StoredAuthor;
  type: string;
  text: string | null;
  contentUri: string | null;
  sentAt: number;
  state: StoredState;
  /** The channel's id of the message (for ours: once the channel returned one). */
  providerId: string | null;
  synced: number;
  meta: string | null;
  /** When this object stored the message (its own clock, unlike Wazzup's sentAt). */
  receivedAt: number;
}

type Row = Record<string, SqlStorageValue>;

/** The messages a turn's history (and the rolling summary) is made of: settled, with text, not the system's. */
const IN_HISTORY = "state IN ('answered', 'limited', 'held', 'sent') AND author != 'system' AND text IS NOT NULL";

export class ConversationStore {
  /**
   * The kv table's values (JSON text; undefined: none) as this object last read or wrote them. It
   * is the table's only writer, and a turn reads the same few values dozens of times.
   */
  private readonly values = new Map<string, string | undefined>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      direction TEXT NOT NULL,
      author TEXT NOT NULL,
      type TEXT NOT NULL,
      text TEXT,
      content_uri TEXT,
      sent_at INTEGER NOT NULL,
      state TEXT NOT NULL,
      wazzup_id TEXT,
      synced INTEGER NOT NULL DEFAULT 0,
      meta TEXT
    )`);
    sql.exec("CREATE INDEX IF NOT EXISTS messages_state ON messages(direction, state, seq)");
    sql.exec("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    this.migrate();
  }

  /** Schema changes after the first version, applied once per object in order. */
  private migrate(): void {
    const steps = [
      "ALTER TABLE messages ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0",
      "CREATE INDEX IF NOT EXISTS messages_received ON messages(direction, received_at)",
      "ALTER TABLE messages RENAME COLUMN wazzup_id TO provider_id",
      "DROP INDEX IF EXISTS messages_wazzup_id",
      "CREATE INDEX IF NOT EXISTS messages_provider_id ON messages(provider_id)",
    ];
    const done = this.getValue("schemaVersion") ?? 0;
    for (let i = done; i < steps.length; i++) this.sql.exec(steps[i]!);
    if (done < steps.length) this.setValue("schemaVersion", steps.length);
  }

  /** Stores an inbound message unless its id was seen before; true when it is new. */
  insertInbound(message: InboundMessage, state: "pending" | "answered" | "limited" | "held" | "ignored", receivedAt: number): boolean {
    // RETURNING, not rowsWritten: the cursor's counters are only final once it is consumed.
    const inserted = this.sql.exec(
      `INSERT INTO messages (id, direction, author, type, text, content_uri, sent_at, state, received_at)
       VALUES (?, 'in', 'customer', ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING RETURNING seq`,
      message.id,
      message.type,
      message.text,
      message.contentUri,
      message.sentAt,
      state,
      receivedAt,
    );
    return inserted.toArray().length > 0;
  }

  has(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM messages WHERE id = ?", id).toArray().length > 0;
  }

  /** After a handoff: held customer messages written after the last manager message become pending again. */
  reopenHeldAfterLastManagerMessage(): number {
    const row = this.sql.exec("SELECT coalesce(max(seq), 0) AS seq FROM messages WHERE author = 'manager'").toArray()[0];
    return this.sql
      .exec("UPDATE messages SET state = 'pending' WHERE direction = 'in' AND state = 'held' AND seq > ? RETURNING seq", Number(row?.seq ?? 0))
      .toArray().length;
  }

  /**
   * The customer's latest messages held back by the rate limit since the last reply, at most
   * `limit` of them, become pending again: one answer covers them (older ones stay in the history).
   */
  reopenLatestLimited(limit: number): number {
    const lastReply = this.sql.exec("SELECT coalesce(max(seq), 0) AS seq FROM messages WHERE direction = 'out' AND author IN ('agent', 'manager')").toArray()[0];
    return this.sql
      .exec(
        `UPDATE messages SET state = 'pending' WHERE seq IN (
           SELECT seq FROM messages WHERE direction = 'in' AND state = 'limited' AND seq > ? ORDER BY seq DESC LIMIT ?) RETURNING seq`,
        Number(lastReply?.seq ?? 0),
        limit,
      )
      .toArray().length;
  }

  /** Records a voice note's transcript (or that it failed) on the stored message. */
  setTranscript(seq: number, text: string | null, outcome: string): void {
    this.sql.exec("UPDATE messages SET text = coalesce(?, text), meta = ? WHERE seq = ?", text, JSON.stringify({ transcription: outcome }), seq);
  }

  /** Customer messages this object stored at or after `since` (its clock). */
  inboundSince(since: number): number {
    const row = this.sql.exec("SELECT count(*) AS n FROM messages WHERE direction = 'in' AND received_at >= ?", since).toArray()[0];
    return Number(row?.n ?? 0);
  }

  /** Outgoing messages recorded but not yet confirmed sent, oldest first. */
  outbox(): StoredMessage[] {
    return this.all("SELECT * FROM messages WHERE direction = 'out' AND state = 'sending' ORDER BY seq");
  }

  /**
   * Records an outgoing message before it is sent, so a crash mid-send resends the same text.
   * `meta.to` addresses it to a manager's number instead of this chat.
   */
  insertOutbound(
    id: string,
    author: StoredAuthor,
    text: string,
    state: StoredState,
    providerId: string | null = null,
    meta: Record<string, unknown> | null = null,
    document: { contentUri: string } | null = null,
  ): boolean {
    const inserted = this.sql.exec(
      `INSERT INTO messages (id, direction, author, type, text, content_uri, sent_at, state, provider_id, received_at, meta)
       VALUES (?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING RETURNING seq`,
      id,
      author,
      document ? "document" : "text",
      text,
      document?.contentUri ?? null,
      Date.now(),
      state,
      providerId,
      Date.now(),
      meta ? JSON.stringify(meta) : null,
    );
    return inserted.toArray().length > 0;
  }

  get(id: string): StoredMessage | null {
    return this.one("SELECT * FROM messages WHERE id = ?", id);
  }

  /**
   * An outgoing message of ours that the channel knows by `providerId`, or, by its text, one whose
   * provider id we do not know yet: still in flight, or sent with its answer lost. The echo can beat
   * the send's own answer, and carries no crmMessageId, so a reply from the staff panel must match
   * here as a bot reply does; otherwise it is recorded a second time as a manager typing in the app.
   * In flight first, and of those the oldest: sends go out oldest first, so an echo is of the oldest
   * waiting copy. Taking the newest (two replies of the same text waiting behind a Wazzup outage)
   * marked a reply that never went out as sent, gave two rows one provider id, and the Postgres copy
   * then failed on every turn of that chat (found by `npm run chaos`).
   */
  findOwnOutbound(providerId: string, clientId: string | null, text: string | null): StoredMessage | null {
    if (clientId) {
      const byClient = this.one("SELECT * FROM messages WHERE (id = ? OR json_extract(meta, '$.clientId') = ?) AND direction = 'out'", clientId, clientId);
      if (byClient) return byClient;
    }
    const byProvider = this.one("SELECT * FROM messages WHERE provider_id = ?", providerId);
    if (byProvider) return byProvider;
    if (text === null) return null;
    return this.one(
      "SELECT * FROM messages WHERE direction = 'out' AND author IN ('agent', 'manager') AND state = 'sending' AND provider_id IS NULL AND text = ? ORDER BY seq LIMIT 1",
      text,
    ) ?? this.one(
      "SELECT * FROM messages WHERE direction = 'out' AND author IN ('agent', 'manager') AND provider_id IS NULL AND text = ? ORDER BY seq DESC LIMIT 1",
      text,
    );
  }

  pendingInbound(): StoredMessage[] {
    return this.all("SELECT * FROM messages WHERE direction = 'in' AND state = 'pending' ORDER BY seq");
  }

  /** The last `limit` messages before `beforeSeq` that carry text, oldest first. */
  history(beforeSeq: number, limit: number): StoredMessage[] {
    return this.all(`SELECT * FROM (SELECT * FROM messages WHERE seq < ? AND ${IN_HISTORY} ORDER BY seq DESC LIMIT ?) ORDER BY seq`, beforeSeq, limit);
  }

  /** The seq of the oldest message `history(beforeSeq, limit)` returns when it returns all `limit`; null when there are fewer. */
  historyStart(beforeSeq: number, limit: number): number | null {
    const row = this.sql.exec(`SELECT seq FROM messages WHERE seq < ? AND ${IN_HISTORY} ORDER BY seq DESC LIMIT 1 OFFSET ?`, beforeSeq, limit - 1).toArray()[0];
    return row ? Number(row.seq) : null;
  }

  /** Text messages of the conversation with afterSeq < seq < beforeSeq, oldest first (for the rolling summary). */
  textBetween(afterSeq: number, beforeSeq: number): StoredMessage[] {
    return this.all(`SELECT * FROM messages WHERE seq > ? AND seq < ? AND ${IN_HISTORY} ORDER BY seq`, afterSeq, beforeSeq);
  }

  /** The agent's (or a manager's) last reply before `seq`: what a customer's next message answers. */
  lastReplyBefore(seq: number): StoredMessage | null {
    return this.one("SELECT * FROM messages WHERE seq < ? AND direction = 'out' AND author IN ('agent', 'manager') ORDER BY seq DESC LIMIT 1", seq);
  }

  /** Cheap checks for the hot path (index lookups, no counting). */
  hasPending(): boolean {
    return this.sql.exec("SELECT 1 FROM messages WHERE direction = 'in' AND state = 'pending' LIMIT 1").toArray().length > 0;
  }

  hasUnsynced(): boolean {
    return this.sql.exec("SELECT 1 FROM messages WHERE synced = 0 LIMIT 1").toArray().length > 0;
  }

  /** Messages Postgres has not seen in their current state (a delivery change marks a message again). */
  unsynced(): StoredMessage[] {
    return this.all("SELECT * FROM messages WHERE synced = 0 ORDER BY seq");
  }

  markSynced(seqs: number[]): void {
    for (const seq of seqs) this.sql.exec("UPDATE messages SET synced = 1 WHERE seq = ?", seq);
  }

  /**
   * Marks messages synced only where they are still as they were written: a change that landed
   * while Postgres was being written (an echo teaching a reply's provider id, a send's answer)
   * keeps its row unsynced, so the next write carries it instead of losing it.
   */
  markSyncedIfUnchanged(written: readonly StoredMessage[]): void {
    for (const message of written) {
      this.sql.exec(
        "UPDATE messages SET synced = 1 WHERE seq = ? AND state IS ? AND provider_id IS ? AND meta IS ? AND text IS ?",
        message.seq, message.state, message.providerId, message.meta, message.text,
      );
    }
  }

  /** Moves an outgoing message's delivery on; `meta` is merged into what it has. Postgres hears of it again. */
  markOutbound(id: string, state: StoredState, providerId: string | null, meta: Record<string, unknown> | null = null): void {
    this.sql.exec(
      "UPDATE messages SET state = ?, provider_id = coalesce(?, provider_id), meta = json_patch(coalesce(meta, '{}'), ?), synced = 0 WHERE id = ?",
      state,
      providerId,
      JSON.stringify(meta ?? {}),
      id,
    );
  }

  /** Settles pending customer messages up to `upToSeq` as answered, limited or held for a manager. */
  settlePending(upToSeq: number, state: "answered" | "limited" | "held" | "parked"): void {
    this.sql.exec("UPDATE messages SET state = ? WHERE direction = 'in' AND state = 'pending' AND seq <= ?", state, upToSeq);
  }

  counts(): { total: number; pending: number; sending: number } {
    const row = this.one<{ total: number; pending: number; sending: number }>(
      `SELECT count(*) AS total,
              coalesce(sum(CASE WHEN direction = 'in' AND state = 'pending' THEN 1 ELSE 0 END), 0) AS pending,
              coalesce(sum(CASE WHEN direction = 'out' AND state = 'sending' THEN 1 ELSE 0 END), 0) AS sending
       FROM messages`,
    );
    return row ?? { total: 0, pending: 0, sending: 0 };
  }

  /**
   * What a quality review covers: how many messages Postgres will hold (parked ones are never
   * mirrored; notices to managers are not part of the talk) and when the last of them came.
   */
  reviewable(): { count: number; lastAt: number | null } {
    const row = this.one<{ count: number; lastAt: number | null }>(
      `SELECT count(*) AS count, max(received_at) AS last_at FROM messages
       WHERE state != 'parked' AND (meta IS NULL OR json_extract(meta, '$.to') IS NULL)`,
    );
    return { count: row?.count ?? 0, lastAt: row?.lastAt ?? null };
  }

  /** A value of the object's own state (state.ts lists the keys and their types). */
  getValue<K extends StateKey>(key: K): ConversationState[K] | undefined {
    const text = this.getValueText(key);
    return text === undefined ? undefined : (JSON.parse(text) as ConversationState[K]);
  }

  /** A value's stored JSON, unparsed: enough to tell whether it changed since it was last read. */
  getValueText(key: StateKey): string | undefined {
    if (this.values.has(key)) return this.values.get(key);
    const row = this.sql.exec("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
    const text = row ? String(row.value) : undefined;
    this.values.set(key, text);
    return text;
  }

  /** Stores a value (written only when it differs from what is stored). */
  setValue<K extends StateKey>(key: K, value: ConversationState[K]): void {
    const text = JSON.stringify(value);
    if (this.getValueText(key) === text) return;
    this.sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, text);
    this.values.set(key, text);
  }

  deleteValue(key: StateKey): void {
    this.sql.exec("DELETE FROM kv WHERE key = ?", key);
    this.values.set(key, undefined);
  }

  private one<T = StoredMessage>(query: string, ...params: SqlStorageValue[]): T | null {
    const rows = this.sql.exec(query, ...params).toArray();
    return rows[0] ? (toCamel(rows[0]) as T) : null;
  }

  private all(query: string, ...params: SqlStorageValue[]): StoredMessage[] {
    return this.sql
      .exec(query, ...params)
      .toArray()
      .map((row) => toCamel(row) as unknown as StoredMessage);
  }
}

/** Column names in camelCase, converted once each (every row read passes through here). */
const camelNames = new Map<string, string>();

function toCamel(row: Row): Record<string, SqlStorageValue> {
  const out: Record<string, SqlStorageValue> = {};
  for (const [key, value] of Object.entries(row)) {
    let name = camelNames.get(key);
    if (name === undefined) {
      name = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      camelNames.set(key, name);
    }
    out[name] = value;
  }
  return out;
}
