/**
 * Who may do what, in one place: the broker, the command gateway and the desk
 * and REST routes all ask here. Each concern has its own file:
 *
 *   callers.ts         who is asking: device identities, integrations, staff, the person waiting
 *   command-rights.ts  which caller may issue which command, on which counter or entry
 *   topic-rights.ts    which MQTT topics a client may subscribe and publish to
 *   client-id-rights.ts  which MQTT client ids belong to which device
 *   staff-rights.ts    what only a manager may do at the desk
 *
 * Proving who someone is stays beside it: credentials.ts (password hashes,
 * checked in line off the event loop), secret-checker.ts (an id and password,
 * with verified-secrets.ts remembering good pairs and failure-limit.ts
 * rationing failures per address), api-keys.ts (integration keys) and
 * api-scopes.ts (what a key may be used for).
 */
export { ANONYMOUS, actorOf, deviceIdentity, type Caller, type DeviceIdentity, type Role } from './callers.ts';
export { commandRefusal, commandTypeRefusal } from './command-rights.ts';
export { allowedFilters, canPublish, canSubscribe, filterCovers, isTopicLevel, type PublishDecision } from './topic-rights.ts';
export { clientIdOwner, clientIdRefusal } from './client-id-rights.ts';
export { staffRefusal, type ManagerAction } from './staff-rights.ts';
