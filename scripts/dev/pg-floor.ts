/**
 * Transaction-level sharing of a single-session Postgres (embedded PGlite) between many clients.
 *
 * PGlite has one session. Its socket server accepts several connections but runs their protocol
 * messages one by one from a shared queue, so two clients' extended-protocol batches (Parse, Bind,
 * Execute, Sync) interleave and corrupt each other. The relay used to admit one client
 * connection at a time instead, which made every request wait for whole connections: a catalog
 * sync holding its connection for minutes (Zoho pages, embeddings) kept a customer's first reply
 * waiting behind it.
 *
 * The floor is what a transaction-mode pooler does: a client may send only while it holds the
 * floor; it takes it with its next complete message and gives it back when the server reports
 * ReadyForQuery with status "idle" for everything it sent. A client idle between transactions
 * holds nothing, so long-running work no longer blocks anyone; a client inside a transaction keeps
 * the floor until it commits or rolls back, as Postgres semantics require.
 */
export class Floor {
  private holder: FloorClient | null = null;
  private readonly waiting: FloorClient[] = [];

  /** Asks for the floor; `grant` runs now or when the client's turn comes. */
  request(client: FloorClient): void {
    if (this.holder === client || this.waiting.includes(client)) return;
    if (!this.holder) {
      this.holder = client;
      client.granted();
    } else this.waiting.push(client);
  }

  release(client: FloorClient): void {
    const queued = this.waiting.indexOf(client);
    if (queued >= 0) this.waiting.splice(queued, 1);
    if (this.holder !== client) return;
    this.holder = this.waiting.shift() ?? null;
    this.holder?.granted();
  }
}

/** One client connection's side of the floor: buffers its bytes until granted, counts the answers it awaits. */
export class FloorClient {
  private buffered: Buffer[] = [];
  private frontend = Buffer.alloc(0);
  private backend = Buffer.alloc(0);
  private started = false;
  private holding = false;
  /** Startup, simple queries and Syncs forwarded whose ReadyForQuery has not come back. */
  private outstanding = 0;
  private idle = true;
  /** An extended-protocol batch (Parse, Bind, Execute, …) not yet closed by Sync: the floor stays. */
  private unsynced = false;
  private sslByteExpected = false;

  constructor(
    private readonly floor: Floor,
    private readonly forward: (chunk: Buffer) => void,
  ) {}

  /** Bytes from the client: forwarded while holding the floor, otherwise kept until granted. */
  fromClient(chunk: Buffer): void {
    this.frontend = Buffer.concat([this.frontend, chunk]);
    const complete = this.takeCompleteMessages();
    if (complete.length === 0) return;
    if (this.holding) this.send(complete);
    else {
      this.buffered.push(complete);
      this.floor.request(this);
    }
  }

  /** Bytes from the server: watches for ReadyForQuery to give the floor back. */
  fromServer(chunk: Buffer): void {
    this.backend = Buffer.concat([this.backend, chunk]);
    if (this.sslByteExpected && this.backend.length > 0) {
      this.sslByteExpected = false;
      this.backend = this.backend.subarray(1);
    }
    while (this.backend.length >= 5) {
      const length = this.backend.readInt32BE(1);
      if (this.backend.length < 1 + length) break;
      if (this.backend[0] === 0x5a /* Z */) {
        this.outstanding = Math.max(0, this.outstanding - 1);
        this.idle = this.backend[5] === 0x49; /* I */
      }
      this.backend = this.backend.subarray(1 + length);
    }
    if (this.holding && this.outstanding === 0 && this.idle && !this.unsynced && this.buffered.length === 0) {
      this.holding = false;
      this.floor.release(this);
    }
  }

  granted(): void {
    this.holding = true;
    const pending = Buffer.concat(this.buffered);
    this.buffered = [];
    if (pending.length > 0) this.send(pending);
  }

  closed(): void {
    this.holding = false;
    this.floor.release(this);
  }

  private send(bytes: Buffer): void {
    this.forward(bytes);
  }

  /** Splits off the complete protocol messages received so far and counts the ReadyForQuery each will earn. */
  private takeCompleteMessages(): Buffer {
    let offset = 0;
    const data = this.frontend;
    while (true) {
      if (!this.started) {
        if (data.length - offset < 8) break;
        const length = data.readInt32BE(offset);
        if (data.length - offset < length) break;
        const code = data.readInt32BE(offset + 4);
        if (code === 80877103) this.sslByteExpected = true; // SSLRequest: answered by one byte, still before startup
        else if (code !== 80877102) {
          this.started = true; // StartupMessage: answered by ReadyForQuery
          this.outstanding++;
        }
        offset += length;
        continue;
      }
      if (data.length - offset < 5) break;
      const length = data.readInt32BE(offset + 1);
      if (data.length - offset < 1 + length) break;
      const type = data[offset];
      if (type === 0x51 /* Q */ || type === 0x53 /* S */) this.outstanding++;
      if (type === 0x53) this.unsynced = false;
      else if (type !== 0x51 && type !== 0x58 /* X */) this.unsynced = true;
      offset += 1 + length;
    }
    this.frontend = data.subarray(offset);
    return data.subarray(0, offset);
  }
}
