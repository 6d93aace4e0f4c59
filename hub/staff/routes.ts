/**
 * Staff accounts over the desk API, registered inside the desk's routes
 * (hub/desk/routes.ts) so the same session, CSRF and origin checks run first.
 * Managers list, add, unlock, reset and disable accounts; everyone changes
 * their own password. Passwords travel only in request bodies and the one
 * reply that hands a manager a temporary password: none is ever logged.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { lobbylineError } from '../contract/index.ts';
import type { StaffAccountList } from '../contract/desk.ts';
import { staffRefusal } from '../access/index.ts';
import { sendError } from '../http/send-error.ts';
import type { AccountResult, StaffAuth } from './staff-auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Open to a session signed in with a temporary password, which may do nothing else until it chooses a new one. */
    beforePasswordChange?: boolean;
  }
}

/** `lineSeq`: the line's last event seq, so each change shows in its place in the activity list. */
export function staffAccountRoutes(app: FastifyInstance, staff: StaffAuth, lineSeq: () => number): void {
  const send = <T>(reply: FastifyReply, result: AccountResult<T>) => (result.ok ? result.value : sendError(reply, result.error));

  app.get('/staff', async (request, reply) => {
    const refusal = staffRefusal(request.staffSession!.staff, 'see-staff-accounts');
    if (refusal) return sendError(reply, lobbylineError('forbidden', refusal));
    const list: StaffAccountList = { accounts: staff.accountList(), minPasswordLength: staff.policy.minPasswordLength };
    return list;
  });

  app.post('/staff', async (request, reply) => {
    const result = await staff.addAccount(request.staffSession!.staff, request.body ?? {}, lineSeq());
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(201).send(result.account);
  });

  app.post<{ Params: { staffId: string } }>('/staff/:staffId/unlock', async (request, reply) =>
    send(reply, await staff.unlock(request.staffSession!.staff, request.params.staffId, lineSeq())),
  );

  /** Answers with the temporary password, once: the manager hands it over, and it must be replaced at the next sign-in. */
  app.post<{ Params: { staffId: string } }>('/staff/:staffId/reset-password', async (request, reply) =>
    send(reply, await staff.resetPassword(request.staffSession!.staff, request.params.staffId, lineSeq())),
  );

  app.post<{ Params: { staffId: string } }>('/staff/:staffId/disable', async (request, reply) =>
    send(reply, await staff.setDisabled(request.staffSession!.staff, request.params.staffId, true, lineSeq())),
  );

  app.post<{ Params: { staffId: string } }>('/staff/:staffId/enable', async (request, reply) =>
    send(reply, await staff.setDisabled(request.staffSession!.staff, request.params.staffId, false, lineSeq())),
  );

  /** The signed-in person's own password: `{ currentPassword, newPassword }`. */
  app.post('/session/password', { config: { beforePasswordChange: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as { currentPassword?: unknown; newPassword?: unknown };
    const result = await staff.changeOwnPassword(request.staffSession!, body.currentPassword, body.newPassword, request.ip, lineSeq());
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(204).send();
  });
}
