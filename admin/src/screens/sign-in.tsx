import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useStaffMutation } from "../api";
import { Button, ErrorNotice, TextField } from "../ui";

/** Email and password; the worker sets the HttpOnly session cookie on this origin. */
export function SignIn() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useStaffMutation("login", { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["me"] }) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ body: { email, password } });
  };
  return (
    <main className="sign-in">
      <h1>Sign in</h1>
      <p className="muted">The sales agent's staff panel.</p>
      <form onSubmit={submit} className="card">
        <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <ErrorNotice error={login.error} />
        <Button type="submit" variant="primary" busy={login.isPending}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
