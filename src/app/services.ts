import type { Database } from "../adapters/db/client";
import type { ZohoJobKind } from "../adapters/db/zoho-jobs-repo";
import type { ChatModel } from "../core/agent/model";
import type { TranscriptionResult } from "../adapters/transcription/whisper";
import type { ZohoCrmClient, ZohoInventoryClient } from "../adapters/zoho/client";
import type { ZohoGatewayConnection } from "../adapters/zoho/gateway";
import type { Catalog } from "../core/agent/catalog";
import type { Channel, ChannelName } from "../core/channels/channel";
import type { ConversationInbox } from "../core/channels/ingest";
import type { Config } from "../core/config";
import type { ConversationName, ConversationObjectPort } from "../core/ports/conversation-object";

/**
 * Everything a use case reaches outside itself, built once per isolate by the shell's composition
 * (src/shell/composition.ts) from the Worker's env. Below the shell nothing takes `env`: a new
 * channel, provider or binding is a change in the composition, not in the functions that use it.
 */
export interface Services {
  readonly config: Config;
  channel(name: ChannelName): Channel;
  /** The Durable Objects use cases talk to, as ports, from the shell's one stub factory. */
  readonly stubs: ObjectStubs;
  /** The conversation objects, as every channel's webhook hands messages to them. */
  readonly inbox: ConversationInbox;
  /** The queues use cases put work on. */
  readonly queues: WorkQueues;
  /** The chat model, or null when no LLM is configured (the offline salesperson answers). */
  chatModel(): ChatModel | null;
  /** The quality judge (QUALITY_MODEL, else LLM_MODEL), or null when no LLM is configured. */
  qualityModel(): ChatModel | null;
  /** Runs `work` on a connection that lives only for it. */
  database<T>(work: (db: Database) => Promise<T>): Promise<T>;
  catalog(db: Database): Catalog;
  /** Zoho Inventory on the shared token and pace; throws `not_configured` without credentials. */
  zohoInventory(): ZohoInventoryClient;
  /** Zoho CRM on the same token, paced on its own budget. */
  zohoCrm(): ZohoCrmClient;
  /** Downloads a voice note the channel refers to and transcribes it; never throws. */
  transcribe(channel: ChannelName, contentUri: string): Promise<TranscriptionResult>;
  /** Records a Zoho write in the ledger and queues it (idempotent on `job.id`); true when it is new. */
  enqueueZohoJob(db: Database, job: { id: string; kind: ZohoJobKind; subjectId: string }): Promise<boolean>;
  /** Puts a recorded job on its queue; a failed send is logged (the cron's sweep resends it). */
  sendZohoJob(jobId: string): Promise<void>;
}

/** The Durable Objects as use cases see them: ports the shell's objects implement. */
export interface ObjectStubs {
  /** A chat's conversation object. */
  conversation(chat: ConversationName): ConversationObjectPort;
  /** A conversation object by its key (`conversationKey`), as the channels' ingest hands it on. */
  conversationByKey(key: string): ConversationObjectPort;
  /** The one Zoho gateway (shared token and pace). */
  zohoGateway(): ZohoGatewayConnection;
}

/** The Worker's queues: Zoho writes and syncs, CRM writes (paced apart), quality reviews. */
export interface WorkQueues {
  readonly zohoSync: Queue;
  readonly zohoCrm: Queue;
  readonly qualityReviews: Queue;
}
