import { findConversation } from "../../../adapters/db/conversations-repo";
import { closeConversationRow } from "../../../adapters/db/inbox-repo";
import type { Services } from "../../services";
import { recordAudit } from "../audit";
import { actorLabel, inTransaction, requirePermission, type ServiceContext } from "../context";
import { notFound } from "../../../core/staff/errors";

/**
 * What staff do in a conversation: take over, hand back, reply, close. The change itself lives in
 * the conversation's Durable Object, so its audit row is written right after the object confirms it.
 */
export async function conversationObject(ctx: ServiceContext, services: Pick<Services, "stubs">, conversationId: string) {
  const conversation = await findConversation(ctx.db, conversationId);
  if (!conversation) throw notFound("No conversation with that id");
  return services.stubs.conversation(conversation);
}

export async function takeOver(ctx: ServiceContext, services: Pick<Services, "stubs">, conversationId: string, summary: string) {
  requirePermission(ctx.actor, "conversations.write");
  const stub = await conversationObject(ctx, services, conversationId);
  const before = (await stub.snapshot()).handoff;
  await stub.takeOver(summary);
  const after = (await stub.snapshot()).handoff;
  await recordAudit(ctx, { action: "conversation.takeover", targetType: "conversation", targetId: conversationId, before: { handoff: before }, after: { handoff: after } });
  return after;
}

export async function resume(ctx: ServiceContext, services: Pick<Services, "stubs">, conversationId: string) {
  requirePermission(ctx.actor, "conversations.write");
  const stub = await conversationObject(ctx, services, conversationId);
  const before = (await stub.snapshot()).handoff;
  await stub.resume();
  const after = (await stub.snapshot()).handoff;
  await recordAudit(ctx, { action: "conversation.resume", targetType: "conversation", targetId: conversationId, before: { handoff: before }, after: { handoff: after } });
  return after;
}

export async function managerReply(ctx: ServiceContext, services: Pick<Services, "stubs">, conversationId: string, input: { text: string; clientId?: string | undefined }) {
  requirePermission(ctx.actor, "conversations.write");
  const stub = await conversationObject(ctx, services, conversationId);
  const id = input.clientId ?? crypto.randomUUID();
  const staffName = ctx.actor.kind === "user" ? ctx.actor.name : null;
  const result = await stub.managerReply({ id, text: input.text, staffName });
  await recordAudit(ctx, { action: "conversation.reply", targetType: "conversation", targetId: conversationId, after: { messageId: result.messageId, text: input.text } });
  return result;
}

export async function closeConversation(ctx: ServiceContext, services: Pick<Services, "stubs">, conversationId: string) {
  requirePermission(ctx.actor, "conversations.write");
  const stub = await conversationObject(ctx, services, conversationId);
  await stub.close();
  await inTransaction(ctx.db, async (tx) => {
    await closeConversationRow(tx, conversationId, actorLabel(ctx.actor));
    await recordAudit({ ...ctx, db: tx }, { action: "conversation.close", targetType: "conversation", targetId: conversationId });
  });
}
