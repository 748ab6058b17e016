import { z } from "zod";
import { ROLES } from "../roles";

/** Staff users' shapes: shared by the user services, the routes and the typed client. */
export const passwordSchema = z.string().min(12, "at least 12 characters").max(200);
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(200));

export const staffUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffUserView = z.infer<typeof staffUserSchema>;

export const createUserInput = z.object({ email: emailSchema, name: z.string().trim().min(1).max(120), role: z.enum(ROLES), password: passwordSchema }).strict();
export const updateUserInput = z
  .object({ name: z.string().trim().min(1).max(120).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "give at least one of name, role, disabled");
export const resetPasswordInput = z.object({ password: passwordSchema }).strict();
export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordSchema }).strict();

