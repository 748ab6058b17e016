import { ExportButton } from "../ui/export-button";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useStaffQuery } from "../api";
import { ConversationList } from "../inbox/conversation-list";
import { ConversationView } from "../inbox/conversation-view";
import { InboxFilterBar } from "../inbox/filter-bar";
import { filtersFromSearch, listQuery } from "../inbox/filters";
import { effectOf, stillArriving, withArriving, withNews, withoutNews, type ArrivingChat } from "../inbox/live-merge";
import { useLiveEvents, type InboxEvent } from "../live-events";
import { Badge, ErrorNotice, Loading, Page } from "../ui";
import "./shared/screens.css";

/**
 * The inbox: the filtered conversation list beside the open conversation (one at a time on a
 * phone). Live events refetch what they touched, so new messages appear without a reload.
 */
export default function InboxScreen() {
  const { conversationId } = useParams();
  const [search] = useSearchParams();
  const filters = filtersFromSearch(search);
  const queryClient = useQueryClient();
  const [news, setNews] = useState<ReadonlySet<string>>(new Set());
  const [arriving, setArriving] = useState<readonly ArrivingChat[]>([]);
  const list = useStaffQuery("listConversations", listQuery(filters), { placeholderData: (previous) => previous });

  const onEvent = useCallback(
    (event: InboxEvent) => {
      const effect = effectOf(event);
      for (const route of effect.routes) void queryClient.invalidateQueries({ queryKey: [route] });
      if (event.conversationId) for (const route of effect.conversationRoutes) void queryClient.invalidateQueries({ queryKey: [route, { params: { id: event.conversationId } }] });
      setNews((current) => withNews(current, effect, conversationId));
      setArriving((current) => withArriving(current, event));
    },
    [queryClient, conversationId],
  );
  const live = useLiveEvents(onEvent, { onReconnect: () => void queryClient.invalidateQueries() });
  useEffect(() => setNews((current) => withoutNews(current, conversationId)), [conversationId]);

  const conversations = list.data?.conversations ?? [];
  // Arriving chats leave once the list has their row; with a filter on, they wait for an unfiltered look.
  useEffect(() => setArriving((current) => stillArriving(current, conversations)), [conversations]);
  const showArriving = Object.keys(filters).length === 0 ? arriving : [];
  const open = conversations.find((conversation) => conversation.id === conversationId);
  // A conversation opened by link but outside the current filters is fetched from the unfiltered list.
  const fallback = useStaffQuery("listConversations", listQuery({}, 200), { enabled: Boolean(conversationId && !open && list.isSuccess) });
  const shown = open ?? fallback.data?.conversations.find((conversation) => conversation.id === conversationId);

  return (
    <Page
      title="Inbox"
      actions={
        <>
          {list.data ? <WaitingCount count={list.data.waitingForHuman} /> : null}
          <span className={`live live-${live}`}>{live === "live" ? "● Live" : live === "connecting" ? "Connecting…" : "Offline, reconnecting…"}</span>
        </>
      }
    >
      <div className={`inbox${conversationId ? " has-open" : ""}`}>
        <div className="inbox-list">
          <InboxFilterBar filters={filters} />
          <ExportButton kind="conversations" />
          <ErrorNotice error={list.error} />
          {list.isPending ? <Loading what="Loading conversations" /> : <ConversationList conversations={conversations} arriving={showArriving} openId={conversationId} news={news} search={search.toString()} />}
        </div>
        <div className="inbox-open">
          {conversationId ? (
            <Link className="back-to-list" to={`/inbox${search.size ? `?${search}` : ""}`}>
              ← All conversations
            </Link>
          ) : null}
          {conversationId ? (
            shown ? <ConversationView key={shown.id} conversation={shown} /> : fallback.isFetching || list.isPending ? <Loading /> : <p className="muted">This conversation is not in the latest 200.</p>
          ) : (
            <p className="muted empty">Pick a conversation.</p>
          )}
        </div>
      </div>
    </Page>
  );
}


/** How many chats wait for a person, whatever the filters; a link to them. */
function WaitingCount({ count }: { count: number }) {
  const label = count === 0 ? "No chat waiting for a person" : `${count} ${count === 1 ? "chat waits" : "chats wait"} for a person`;
  return (
    <Link to="/inbox?status=waiting_for_human" className="waiting-count" aria-label={label}>
      <Badge tone={count > 0 ? "bad" : "good"}>{label}</Badge>
    </Link>
  );
}
