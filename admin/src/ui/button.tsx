import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger";

/** A button; `busy` disables it and says so while its action runs. */
export function Button({ variant = "secondary", busy = false, disabled, children, className, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; busy?: boolean }) {
  return (
    <button type="button" {...rest} className={`btn btn-${variant} ${className ?? ""}`} disabled={disabled || busy} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}
