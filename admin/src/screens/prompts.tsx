import { useEffect, useState } from "react";
import { fieldErrors, useStaffMutation, useStaffQuery, type StaffResult } from "../api";
import { useSession } from "../session";
import { Badge, Button, Card, ErrorNotice, formatDateTime, Loading, Page, promptVersionLabel, SelectField, Table, TextAreaField, TextField } from "../ui";
import { DiffView } from "./prompts/diff-view";
import { Playground } from "./prompts/playground";
import { isoOrNull } from "./shared/values";
import "./shared/screens.css";

type Version = StaffResult<"getPrompts">["versions"][number];

/** Prompts: the system prompt's versions, a diff between any two, activate or roll back, a new version, and the playground. */
export default function PromptsScreen() {
  const prompts = useStaffQuery("getPrompts");
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => {
    if (prompts.data && draft === null) setDraft(prompts.data.active.content);
  }, [prompts.data, draft]);

  if (prompts.isPending) return <Loading />;
  if (prompts.error) return <ErrorNotice error={prompts.error} title="Prompts could not be loaded" />;
  const { active, versions } = prompts.data;
  // Before any version is saved the built-in default answers: it is version 0 here.
  const all: Version[] = versions.length > 0 ? versions : [active];
  return (
    <Page title="Prompts">
      <Versions versions={all} activeVersion={active.version} onEdit={(v) => setDraft(v.content)} />
      <Compare versions={all} activeVersion={active.version} />
      <Editor draft={draft ?? active.content} setDraft={setDraft} activeContent={active.content} />
      <Playground draft={draft ?? active.content} />
    </Page>
  );
}

function Versions({ versions, activeVersion, onEdit }: { versions: Version[]; activeVersion: number; onEdit: (v: Version) => void }) {
  const { can } = useSession();
  const activate = useStaffMutation("activatePrompt", { invalidates: ["getPrompts"] });
  return (
    <Card title="Versions">
      <ErrorNotice error={activate.error} title="Not activated" />
      {activate.data ? (
        <p role="status" className="notice notice-info">
          Version {activate.data.active} is active: replies use it from the agent's next settings refresh (seconds).
        </p>
      ) : null}
      <Table
        label="Prompt versions"
        rows={versions}
        rowKey={(v) => String(v.version)}
        columns={[
          { header: "Version", cell: (v) => promptVersionLabel(v.version) },
          { header: "Note", cell: (v) => <span dir="auto">{v.note ?? "—"}</span> },
          { header: "Saved", cell: (v) => formatDateTime(isoOrNull(v.createdAt)), wide: true },
          { header: "State", cell: (v) => (v.version === activeVersion ? <Badge tone="good">active</Badge> : null) },
          {
            header: "Actions",
            cell: (v) => (
              <div className="row-actions">
                {v.version !== activeVersion && v.version > 0 ? (
                  <Button busy={activate.isPending && activate.variables?.params.version === v.version} onClick={() => activate.mutate({ params: { version: v.version } })} title={can("prompts.write") ? undefined : "Needs the admin role; the server will refuse"}>
                    {v.version < activeVersion ? `Roll back to v${v.version}` : `Activate v${v.version}`}
                  </Button>
                ) : null}
                <Button onClick={() => onEdit(v)}>Edit a copy</Button>
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}

function Compare({ versions, activeVersion }: { versions: Version[]; activeVersion: number }) {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const previous = sorted.filter((v) => v.version < activeVersion).pop() ?? sorted[0]!;
  const [from, setFrom] = useState(previous.version);
  const [to, setTo] = useState(activeVersion);
  const byVersion = new Map(sorted.map((v) => [v.version, v]));
  const options = sorted.map((v) => [String(v.version), `${promptVersionLabel(v.version)}${v.version === activeVersion ? " (active)" : ""}`] as const);
  const before = byVersion.get(from) ?? previous;
  const after = byVersion.get(to) ?? byVersion.get(activeVersion) ?? previous;
  return (
    <Card title="Compare versions">
      <div className="filters">
        <SelectField label="From" value={String(before.version)} onChange={(e) => setFrom(Number(e.target.value))} options={options} />
        <SelectField label="To" value={String(after.version)} onChange={(e) => setTo(Number(e.target.value))} options={options} />
      </div>
      <DiffView before={before.content} after={after.content} label={`Changes from ${before.version} to ${after.version}`} />
    </Card>
  );
}

function Editor({ draft, setDraft, activeContent }: { draft: string; setDraft: (text: string) => void; activeContent: string }) {
  const [note, setNote] = useState("");
  const [savedVersion, setSavedVersion] = useState<{ version: number; active: boolean } | null>(null);
  const create = useStaffMutation("createPrompt", { invalidates: ["getPrompts"], onSuccess: (r) => setSavedVersion({ version: r.prompt.version, active: r.prompt.active }) });
  const errors = fieldErrors(create.error);
  const save = (activate: boolean) => {
    setSavedVersion(null);
    create.mutate({ body: { content: draft, activate, ...(note.trim() ? { note: note.trim() } : {}) } });
  };
  return (
    <Card title="Edit">
      <div className="body-editor">
        <TextAreaField label="Prompt text" value={draft} onChange={(e) => setDraft(e.target.value)} error={errors.content} hint={draft === activeContent ? "Same as the active version." : "Edited: save it as a new version, or try it in the playground first."} />
      </div>
      <TextField label="Note" value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} placeholder="What changed and why" />
      <ErrorNotice error={create.error && !errors.content && !errors.note ? create.error : null} title="Not saved" />
      {savedVersion ? (
        <p role="status" className="notice notice-info">
          Saved as v{savedVersion.version}
          {savedVersion.active ? " and activated: replies use it from the agent's next settings refresh (seconds)." : "."}
        </p>
      ) : null}
      <div className="row-actions">
        <Button variant="primary" busy={create.isPending} onClick={() => save(true)}>
          Save and activate
        </Button>
        <Button busy={create.isPending} onClick={() => save(false)}>
          Save as new version
        </Button>
        <Button onClick={() => setDraft(activeContent)} disabled={draft === activeContent}>
          Discard edits
        </Button>
      </div>
    </Card>
  );
}
