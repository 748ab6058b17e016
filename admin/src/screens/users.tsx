import { useState } from "react";
import { ROLES, type Role } from "../../../src/core/staff/roles";
import { fieldErrors, useStaffMutation, useStaffQuery, type StaffResult } from "../api";
import { useSession } from "../session";
import { Badge, Button, Card, ErrorNotice, formatDateTime, Page, QueryTable, SelectField, TextField } from "../ui";
import "./shared/screens.css";

type User = StaffResult<"listUsers">["users"][number];
const ROLE_OPTIONS = ROLES.map((r) => [r, r] as const);

/** Users (admins only): staff accounts, their roles, disabling and password resets. */
export default function UsersScreen() {
  const { can, user } = useSession();
  return (
    <Page title="Users">
      {can("users.manage") ? (
        <>
          <CreateUser />
          <UserList />
        </>
      ) : (
        <p className="notice notice-info">Only admins manage staff accounts (you are {user.role}).</p>
      )}
    </Page>
  );
}

function CreateUser() {
  const empty = { email: "", name: "", role: "viewer" as Role, password: "" };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<string | null>(null);
  const create = useStaffMutation("createUser", {
    invalidates: ["listUsers"],
    onSuccess: (r) => {
      setCreated(r.user.email);
      setForm(empty);
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Card title="New user">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setCreated(null);
          create.mutate({ body: form });
        }}
      >
        <div className="grid grid-2">
          <TextField label="Email" type="email" autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} error={errors.email} />
          <TextField label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={errors.name} />
          <SelectField label="Role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} options={ROLE_OPTIONS} error={errors.role} />
          <TextField label="Password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} error={errors.password} hint="At least 12 characters; tell it to them in person." />
        </div>
        <ErrorNotice error={create.error && Object.keys(errors).length === 0 ? create.error : null} title="Not created" />
        {created ? (
          <p role="status" className="notice notice-info">
            Created {created}.
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create user
        </Button>
      </form>
    </Card>
  );
}

function UserList() {
  const users = useStaffQuery("listUsers");
  const update = useStaffMutation("updateUser", { invalidates: ["listUsers"] });
  const [resetting, setResetting] = useState<string | null>(null);
  return (
    <Card title="Staff">
      <ErrorNotice error={update.error} title="Not changed" />
      <QueryTable label="Staff users" query={users} rows={(d) => d.users}
        columns={[
          { header: "Name", cell: (u) => <span dir="auto">{u.name}</span> },
          { header: "Email", cell: (u) => u.email },
          {
            header: "Role",
            cell: (u) => (
              <select aria-label={`Role of ${u.email}`} value={u.role} disabled={update.isPending} onChange={(e) => update.mutate({ params: { id: u.id }, body: { role: e.target.value as Role } })}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            ),
          },
          { header: "Status", cell: (u) => (u.disabled ? <Badge tone="bad">disabled</Badge> : <Badge tone="good">active</Badge>) },
          { header: "Since", cell: (u) => formatDateTime(u.createdAt), wide: true },
          {
            header: "Actions",
            cell: (u) => (
              <div className="row-actions">
                <Button onClick={() => update.mutate({ params: { id: u.id }, body: { disabled: !u.disabled } })}>{u.disabled ? "Enable" : "Disable"}</Button>
                <Button onClick={() => setResetting(resetting === u.id ? null : u.id)}>Reset password</Button>
              </div>
            ),
          },
        ]}
      />
      {resetting ? <ResetPassword user={(users.data?.users ?? []).find((u) => u.id === resetting)} onDone={() => setResetting(null)} /> : null}
    </Card>
  );
}

function ResetPassword({ user, onDone }: { user: User | undefined; onDone: () => void }) {
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const reset = useStaffMutation("resetPassword", { onSuccess: () => setDone(true) });
  if (!user) return null;
  const errors = fieldErrors(reset.error);
  return (
    <form
      className="form-group"
      onSubmit={(event) => {
        event.preventDefault();
        reset.mutate({ params: { id: user.id }, body: { password } });
      }}
    >
      <TextField label={`New password for ${user.email}`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} hint="Their sessions end; they sign in with the new one." />
      <ErrorNotice error={reset.error && !errors.password ? reset.error : null} title="Not reset" />
      {done ? (
        <p role="status" className="notice notice-info">
          Password reset for {user.email}.
        </p>
      ) : null}
      <div className="row-actions">
        <Button type="submit" variant="primary" busy={reset.isPending}>
          Set password
        </Button>
        <Button onClick={onDone}>Close</Button>
      </div>
    </form>
  );
}
