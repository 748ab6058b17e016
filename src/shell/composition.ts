import { withDatabase } from "../adapters/db/client";
import { OpenRouterModel } from "../adapters/llm/openrouter";
import { transcribeVoiceNote } from "../adapters/transcription/whisper";
import { zohoConfigured, zohoCrm, zohoInventory } from "../adapters/zoho/gateway";
import { openCatalog } from "../app/catalog/catalog";
import { enqueueZohoJob, sendZohoJob } from "../app/jobs/enqueue";
import type { Services, WorkQueues } from "../app/services";
import type { Channel, ChannelName } from "../core/channels/channel";
import { getConfig, type Config } from "../core/config";
import { TelegramChannel } from "../adapters/channels/telegram/channel";
import { WazzupChannel } from "../adapters/channels/wazzup/channel";
import { durableObjectStubs } from "./durable-object-stubs";

export type { Services };

const built = new WeakMap<object, Services>();

/**
 * The one wiring point: `Services` (src/app/services.ts) built once per isolate from its env.
 * Routes, Durable Objects and consumers take adapters from here and never construct them, and
 * nothing below the shell sees `env`, so a new channel or provider is a change in this one file.
 */
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
      built = CHANNEL_ADAPTERS[name](config);
      channels.set(name, built);
    }
    return built;
  };
  const stubs = durableObjectStubs(env);
  const queues: WorkQueues = { zohoSync: env.ZOHO_SYNC_QUEUE, zohoCrm: env.ZOHO_CRM_QUEUE, qualityReviews: env.QUALITY_QUEUE };
  const inventory = () => zohoInventory(stubs.zohoGateway(), config);
  return {
    config,
    channel,
    stubs,
    queues,
    inbox: { receive: (key, messages) => stubs.conversationByKey(key).receive(messages) },
    chatModel: () => OpenRouterModel.fromConfig(config),
    qualityModel: () => OpenRouterModel.judgeFromConfig(config),
    database: (work) => withDatabase(config, work),
    catalog: (db) => openCatalog(config, db, zohoConfigured(config) ? inventory() : null),
    zohoInventory: inventory,
    zohoCrm: () => zohoCrm(stubs.zohoGateway(), config),
    transcribe: async (name, contentUri) => {
      const url = await channel(name).mediaUrl(contentUri).catch(() => null);
      return url ? transcribeVoiceNote(config, url, channel(name).mediaOrigins) : { ok: false, reason: "download_failed" };
    },
    enqueueZohoJob: (db, job) => enqueueZohoJob(queues, db, job),
    sendZohoJob: (jobId) => sendZohoJob(queues, jobId),
  };
}

/** Each registered channel's adapter (`src/core/channels/registry.ts`); a channel missing here does not typecheck. */
const CHANNEL_ADAPTERS: { readonly [N in ChannelName]: (config: Config) => Channel } = {
  whatsapp: (config) => WazzupChannel.fromConfig(config),
  telegram: (config) => TelegramChannel.fromConfig(config),
};
