import { useEffect, useMemo, useState } from "react";
import type { StaffBody } from "../../../src/core/staff/contract/client";
import { fieldErrors, useStaffMutation, useStaffQuery } from "../api";
import { useSession } from "../session";
import { Button, Card, ErrorNotice, Loading, Page, TextAreaField, TextField } from "../ui";
import { TemplateList } from "./settings/templates";
import { errorsByField, SETTING_FIELDS, toFormValues, toPatch, type FormValues, type SettingField } from "./settings/form";
import "./shared/screens.css";

const GROUPS = ["Replies", "Limits", "Handoff", "Orders", "Catalog", "Quality", "Customers", "Outreach"] as const;

/** Settings: every agent setting in one form; the API validates, and its messages appear under the field. */
export default function SettingsScreen() {
  const { can, user } = useSession();
  const settings = useStaffQuery("getSettings");
  const loaded = useMemo(() => (settings.data ? toFormValues(settings.data.settings) : null), [settings.data]);
  const [values, setValues] = useState<FormValues | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useStaffMutation("patchSettings", { invalidates: ["getSettings"], onSuccess: () => setSaved(true) });
  useEffect(() => {
    if (loaded) setValues(loaded);
  }, [loaded]);

  if (settings.isPending) return <Loading />;
  if (settings.error || !loaded || !values) return <ErrorNotice error={settings.error} title="Settings could not be loaded" />;

  const errors = save.error ? errorsByField(fieldErrors(save.error)) : { fields: {}, form: [] };
  const patch = toPatch(values, loaded);
  const changed = Object.keys(patch).length;
  const overrides = new Set(Object.keys(settings.data.overrides));
  const set = (key: string, value: string | boolean) => {
    setSaved(false);
    setValues({ ...values, [key]: value });
  };
  return (
    <Page title="Settings">
      {can("settings.write") ? null : (
        <p className="notice notice-info">
          You can read the settings. Changing them needs the admin role (you are {user.role}).
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          // Sent as typed: the API, not the panel, decides what is valid (its issues come back per field).
          save.mutate({ body: patch as StaffBody<"patchSettings"> });
        }}
      >
        {GROUPS.map((group) => (
          <Card key={group} title={group}>
            {SETTING_FIELDS.filter((f) => f.group === group).map((field) => (
              <SettingInput key={field.key} field={field} value={values[field.key]!} error={errors.fields[field.key]} overridden={overrides.has(field.key)} onChange={(v) => set(field.key, v)} />
            ))}
          </Card>
        ))}
        <TemplateList />
        {errors.form.length > 0 ? (
          <div role="alert" className="notice notice-error">
            {errors.form.join("; ")}
          </div>
        ) : (
          <ErrorNotice error={save.error && Object.keys(errors.fields).length === 0 ? save.error : null} title="Not saved" />
        )}
        {Object.keys(errors.fields).length > 0 ? (
          <p role="status" className="notice notice-error">
            Not saved: fix the fields marked below their input.
          </p>
        ) : null}
        {saved ? (
          <p role="status" className="notice notice-info">
            Saved. The agent uses the new settings from its next reply.
          </p>
        ) : null}
        <div className="row-actions">
          <Button type="submit" variant="primary" busy={save.isPending} disabled={changed === 0}>
            Save settings
          </Button>
          <Button onClick={() => setValues(loaded)} disabled={changed === 0}>
            Undo changes
          </Button>
          <span className="muted">{changed === 0 ? "No changes" : `${changed} change${changed === 1 ? "" : "s"}`}</span>
        </div>
      </form>
    </Page>
  );
}

function SettingInput({ field, value, error, overridden, onChange }: { field: SettingField; value: string | boolean; error: string | undefined; overridden: boolean; onChange: (value: string | boolean) => void }) {
  const hint = `${field.hint}${overridden ? "" : " (default)"}`;
  if (field.kind === "boolean") {
    return (
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {field.label}
        </label>
        <div className="field-hint">{hint}</div>
        {error ? <div className="field-error" role="alert">{error}</div> : null}
      </div>
    );
  }
  if (field.kind === "json") {
    return <TextAreaField label={field.label} hint={hint} error={error} value={String(value)} rows={4} dir="ltr" onChange={(e) => onChange(e.target.value)} />;
  }
  return <TextField label={field.label} hint={hint} error={error} value={String(value)} inputMode={field.kind === "phones" || field.kind === "fees" || field.kind === "text" ? "text" : "decimal"} onChange={(e) => onChange(e.target.value)} />;
}
