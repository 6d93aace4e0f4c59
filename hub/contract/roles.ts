/**
 * Who is who, named once: the roles a device has in the site file and the
 * roles of staff at the desk. What each role may do is hub/access's to say.
 */
export const DEVICE_ROLES = ['kiosk', 'display', 'counter', 'desk', 'mirror'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];

export const STAFF_ROLES = ['staff', 'manager'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What an integration's API key may be used for, as the site file lists it; the routes each needs are hub/access/api-scopes.ts's. */
export const API_SCOPES = ['read', 'enrol', 'contact-center', 'manage'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
