import { useState } from "react";
import { Link, useLocation, useNavigate, useParams, useRoutes } from "react-router";
import { KNOWLEDGE_TOPICS } from "../../../src/core/domain/knowledge";
import { fieldErrors, useStaffMutation, useStaffQuery } from "../api";
import { Badge, Button, Card, ErrorNotice, formatDateTime, Loading, Page, QueryTable, SelectField, TextAreaField, TextField } from "../ui";
import { isoOrNull, statusTone, str } from "./shared/values";
import "./shared/screens.css";

type Topic = (typeof KNOWLEDGE_TOPICS)[number];
interface DocumentForm {
  slug: string;
  topic: Topic;
  language: "en" | "ar";
  title: string;
  body: string;
}
const EMPTY: DocumentForm = { slug: "", topic: "delivery", language: "en", title: "", body: "" };
const TOPIC_OPTIONS = KNOWLEDGE_TOPICS.map((t) => [t, t] as const);
const LANGUAGE_OPTIONS = [["en", "English"], ["ar", "Arabic"]] as const;

/** Knowledge: the documents the agent answers policy questions from, in English and Arabic, with their index status. */
export default function KnowledgeScreen() {
  return useRoutes([{ index: true, element: <DocumentList /> }, { path: "new", element: <DocumentEditor /> }, { path: ":documentId", element: <DocumentEditor /> }]);
}

function DocumentList() {
  const [topic, setTopic] = useState("");
  const [language, setLanguage] = useState("");
  const documents = useStaffQuery("listKnowledge", { query: { ...(topic ? { topic: topic as Topic } : {}), ...(language ? { language: language as "en" | "ar" } : {}) } });
  const navigate = useNavigate();
  return (
    <Page title="Knowledge" actions={<Link className="btn btn-primary" to="new">New document</Link>}>
      <Card>
        <div className="filters">
          <SelectField label="Topic" value={topic} onChange={(e) => setTopic(e.target.value)} options={[["", "Any topic"], ...TOPIC_OPTIONS]} />
          <SelectField label="Language" value={language} onChange={(e) => setLanguage(e.target.value)} options={[["", "Both"], ...LANGUAGE_OPTIONS]} />
        </div>
        <QueryTable label="Knowledge documents" query={documents} rows={(d) => d.documents} onRowClick={(d) => navigate(d.id)}
          empty="No documents yet."
          columns={[
            { header: "Title", cell: (d) => <Link to={d.id}><span dir={d.language === "ar" ? "rtl" : "ltr"} lang={d.language}>{d.title}</span></Link> },
            { header: "Topic", cell: (d) => d.topic },
            { header: "Language", cell: (d) => (d.language === "ar" ? "Arabic" : "English") },
            { header: "Index", cell: (d) => <Badge tone={statusTone(d.indexStatus)}>{d.indexStatus}</Badge> },
            { header: "Updated", cell: (d) => formatDateTime(isoOrNull(d.updatedAt)), wide: true },
          ]}
        />
      </Card>
    </Page>
  );
}

function DocumentEditor() {
  const { documentId } = useParams();
  // A document just created arrives here with what its save said, to show it on its own page.
  const justSaved = (useLocation().state as { saved?: { warning: string | null } } | null)?.saved ?? null;
  const existing = useStaffQuery("getKnowledge", { params: { id: documentId ?? "" } }, { enabled: Boolean(documentId) });
  if (documentId && existing.isPending) return <Loading />;
  if (documentId && existing.error) return <ErrorNotice error={existing.error} title="This document could not be loaded" />;
  const doc = existing.data?.document;
  const initial: DocumentForm = doc ? { slug: doc.slug, topic: doc.topic as Topic, language: doc.language as "en" | "ar", title: doc.title, body: doc.body } : EMPTY;
  return <EditorForm key={documentId ?? "new"} id={documentId} initial={initial} indexStatus={doc?.indexStatus} chunks={existing.data?.chunks.length} justSaved={justSaved} />;
}

function EditorForm({ id, initial, indexStatus, chunks, justSaved }: { id: string | undefined; initial: DocumentForm; indexStatus: string | undefined; chunks: number | undefined; justSaved: { warning: string | null } | null }) {
  const navigate = useNavigate();
  const [form, setForm] = useState(initial);
  const [warning, setWarning] = useState<string | null>(justSaved?.warning ?? null);
  const [saved, setSaved] = useState(justSaved !== null);
  const onSaved = (result: { document: { id: string }; indexWarning?: string | undefined }) => {
    setWarning(result.indexWarning ?? null);
    setSaved(true);
    if (!id) navigate(`../${result.document.id}`, { replace: true, state: { saved: { warning: result.indexWarning ?? null } } });
  };
  const create = useStaffMutation("createKnowledge", { invalidates: ["listKnowledge"], onSuccess: onSaved });
  const update = useStaffMutation("updateKnowledge", { invalidates: ["listKnowledge", "getKnowledge"], onSuccess: onSaved });
  const remove = useStaffMutation("deleteKnowledge", { invalidates: ["listKnowledge"], onSuccess: () => navigate("..", { replace: true }) });
  const mutation = id ? update : create;
  const errors = fieldErrors(mutation.error);
  const set = <K extends keyof DocumentForm>(key: K, value: DocumentForm[K]) => {
    setSaved(false);
    setForm({ ...form, [key]: value });
  };
  const rtl = form.language === "ar";
  return (
    <Page title={id ? "Edit document" : "New document"} actions={<Link to="/knowledge">All documents</Link>}>
      <Card>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (id) update.mutate({ params: { id }, body: form });
            else create.mutate({ body: form });
          }}
        >
          <div className="grid grid-3">
            <TextField label="Slug" value={form.slug} onChange={(e) => set("slug", e.target.value)} error={errors.slug} hint="lower-case words joined by hyphens" />
            <SelectField label="Topic" value={form.topic} onChange={(e) => set("topic", e.target.value as Topic)} error={errors.topic} options={TOPIC_OPTIONS} />
            <SelectField label="Language" value={form.language} onChange={(e) => set("language", e.target.value as "en" | "ar")} error={errors.language} options={LANGUAGE_OPTIONS} />
          </div>
          <TextField label="Title" value={form.title} onChange={(e) => set("title", e.target.value)} error={errors.title} dir={rtl ? "rtl" : "ltr"} lang={form.language} />
          <div className="body-editor">
            <TextAreaField label="Text" value={form.body} onChange={(e) => set("body", e.target.value)} error={errors.body} dir={rtl ? "rtl" : "ltr"} lang={form.language} />
          </div>
          <ErrorNotice error={mutation.error && Object.keys(errors).length === 0 ? mutation.error : null} title="Not saved" />
          <ErrorNotice error={remove.error} title="Not deleted" />
          {saved ? (
            <p role="status" className="notice notice-info">
              Saved{warning ? `, but ${warning}` : " and indexed"}.
            </p>
          ) : null}
          {id ? (
            <p className="muted">
              Index: <Badge tone={statusTone(str(indexStatus))}>{str(indexStatus)}</Badge> {chunks ?? 0} passage{chunks === 1 ? "" : "s"}
            </p>
          ) : null}
          <div className="row-actions">
            <Button type="submit" variant="primary" busy={mutation.isPending}>
              Save
            </Button>
            {id ? (
              <Button variant="danger" busy={remove.isPending} onClick={() => window.confirm("Delete this document? The agent stops using it at once.") && remove.mutate({ params: { id } })}>
                Delete
              </Button>
            ) : null}
          </div>
        </form>
      </Card>
    </Page>
  );
}
