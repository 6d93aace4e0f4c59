/**
 * What only a manager may do at the desk. Every other desk action is open to
 * all signed-in staff.
 */
import type { StaffRole } from '../contract/roles.ts';

const MANAGER_ONLY = {
  'see-reports': 'Only a manager can see the reports',
  'see-staff-accounts': 'Only a manager can see the staff accounts',
  'add-staff-account': 'Only a manager can add staff accounts',
  'unlock-staff-account': 'Only a manager can unlock a staff account',
  'reset-staff-password': "Only a manager can reset a staff member's password",
  'disable-staff-account': 'Only a manager can disable or enable a staff account',
} as const;

export type ManagerAction = keyof typeof MANAGER_ONLY;

/** Why this member of staff may not take `action`, or null when they may. */
export function staffRefusal(member: { role: StaffRole }, action: ManagerAction): string | null {
  return member.role === 'manager' ? null : MANAGER_ONLY[action];
}
