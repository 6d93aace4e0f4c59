/** The hub's answers on reply/{clientId}: QoS 1, never retained. */
import type { Aedes } from 'aedes';
import { lobbylineError, siteTopics, type ErrorCode } from '../contract/index.ts';
import type { BrokerLog, Reply } from './types.ts';

export type SendReply = (clientId: string, reply: Reply) => void;

export function createReplySender(aedes: Aedes, siteId: string, log: BrokerLog): SendReply {
  const topics = siteTopics(siteId);
  return (clientId, reply) => {
    aedes.publish(
      { cmd: 'publish', topic: topics.reply(clientId), payload: Buffer.from(JSON.stringify(reply)), qos: 1, retain: false, dup: false },
      (error) => {
        if (error) log('warn', 'Could not publish a reply', { clientId, id: reply.id, error: error.message });
      },
    );
  };
}

export function errorReply(id: string, code: ErrorCode, message: string): Reply {
  return { id, ok: false, error: lobbylineError(code, message) };
}
