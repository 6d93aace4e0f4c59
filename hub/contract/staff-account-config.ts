/**
 * A staff account as a config file lists it: the site file's `staff:` for the
 * desk, the contact-center console's `agents:` for its agents. The password
 * is there only as a hash, so the file can be read by whoever deploys it.
 */
import * as z from 'zod';
import { idField } from './fields.ts';
import { STAFF_ROLES } from './roles.ts';

export const staffAccountConfigSchema = z.strictObject({
  id: idField,
  name: z.string().min(1).max(80),
  role: z.enum(STAFF_ROLES),
  passwordHash: z.string().regex(/^scrypt\$/, 'must be a scrypt hash made by `npm run hash-secret`, never a plain password'),
});

export type StaffAccountConfig = z.infer<typeof staffAccountConfigSchema>;
