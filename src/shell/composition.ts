import { withDatabase, type Database } from "../adapters/db/client";
import { OpenRouterModel, type ChatModel } from "../adapters/llm/openrouter";
import { mediaOrigins } from "../adapters/media/download";
import { transcribeVoiceNote, type TranscriptionResult } from "../adapters/transcription/whisper";
import type { Catalog } from "../core/agent/catalog";
import { openCatalog } from "../app/catalog/catalog";
import type { Channel, ChannelName } from "../core/channels/channel";
import type { ConversationInbox } from "../core/channels/ingest";
import { TelegramChannel } from "../adapters/channels/telegram/channel";
import { WazzupChannel } from "../adapters/channels/wazzup/channel";
import { getConfig, type Config } from "../core/config";
import { durableObjectStubs, type DurableObjectStubs } from "./durable-object-stubs";
import { enqueueZohoJob, sendZohoJob } from "../app/jobs/enqueue";
import type { ZohoJobKind } from "../adapters/db/zoho-jobs-repo";

/**
 * Everything the conversation core and the routes reach outside the Worker, built once per
 * isolate from its env. Routes, Durable Objects and consumers take adapters from here and never
 * construct them, so a new channel or a new provider is a change in this one file.
 */
export interface Services {
  readonly config: Config;
  channel(name: ChannelName): Channel;
  /** Every Durable Object stub (conversations, inbox events, the Zoho gateway), from one factory. */
  readonly stubs: DurableObjectStubs;
  /** The conversation objects, as every channel's webhook hands messages to them. */
  readonly inbox: ConversationInbox;
  /** The chat model, or null when no LLM is configured (the offline salesperson answers). */
  chatModel(): ChatModel | null;
  /** The quality judge (QUALITY_MODEL, else LLM_MODEL), or null when no LLM is configured. */
  qualityModel(): ChatModel | null;
  /** Runs `work` on a connection that lives only for it. */
  database<T>(work: (db: Database) => Promise<T>): Promise<T>;
  catalog(db: Database): Catalog;
  /** Downloads a voice note the channel refers to and transcribes it; never throws. */
  transcribe(channel: ChannelName, contentUri: string): Promise<TranscriptionResult>;
  /** Records a Zoho write in the ledger and src/shell/queues it (idempotent on `job.id`). */
  enqueueZohoJob(db: Database, job: { id: string; kind: ZohoJobKind; subjectId: string }): Promise<void>;
  sendZohoJob(jobId: string): Promise<void>;
}

const built = new WeakMap<object, Services>();

export function servicesFor(env: Env): Services {
  let services = built.get(env);
  if (!services) {
    services = buildServices(env);
    built.set(env, services);
  }
  return services;
}

function buildServices(env: Env): Services {
  const config = getConfig(env);
  const channels = new Map<ChannelName, Channel>();
  const channel = (name: ChannelName): Channel => {
    let built = channels.get(name);
    if (!built) {
      built = makeChannel(name, config);
      channels.set(name, built);
    }
    return built;
  };
  const stubs = durableObjectStubs(env);
  return {
    config,
    channel,
    stubs,
    inbox: { receive: (key, messages) => stubs.conversationByKey(key).receive(messages) },
    chatModel: () => OpenRouterModel.fromConfig(config),
    qualityModel: () => OpenRouterModel.judgeFromConfig(config),
    database: (work) => withDatabase(config, work),
    catalog: (db) => openCatalog(config, db, env),
    transcribe: async (name, contentUri) => {
      const url = await channel(name).mediaUrl(contentUri).catch(() => null);
      return url ? transcribeVoiceNote(config, url, mediaOrigins(name, config)) : { ok: false, reason: "download_failed" };
    },
    enqueueZohoJob: async (db, job) => {
      await enqueueZohoJob(env, db, job);
    },
    sendZohoJob: (jobId) => sendZohoJob(env, jobId),
  };
}

/** Each registered channel's adapter (`src/core/channels/registry.ts`); a channel missing here does not typecheck. */
const CHANNEL_ADAPTERS: { readonly [N in ChannelName]: (config: Config) => Channel } = {
  whatsapp: (config) => WazzupChannel.fromConfig(config),
  telegram: (config) => TelegramChannel.fromConfig(config),
};

function makeChannel(name: ChannelName, config: Config): Channel {
  return CHANNEL_ADAPTERS[name](config);
}
