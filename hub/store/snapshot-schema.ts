/**
 * What a snapshot of the current format holds: the queue state exactly as
 * hub/queue/model.ts defines it. Checked against the model by the compiler, so
 * a field added to the state fails here first: then the snapshot format needs a
 * new version, and the format before it a reader of its own (./snapshot.ts).
 */
import * as z from 'zod';
import { CHANNELS, COUNTER_STATUSES, ENTRY_STATUSES } from '../contract/index.ts';
import type { QueueState } from '../queue/model.ts';

const time = z.number();
const stats = z.object({ meanMs: z.number(), varianceMs2: z.number(), samples: z.number().int() });

export const entrySchema = z.object({
  id: z.string(),
  ticket: z.string().nullable(),
  day: z.string().nullable(),
  serviceId: z.string(),
  channel: z.enum(CHANNELS),
  channelHistory: z.array(z.enum(CHANNELS)),
  status: z.enum(ENTRY_STATUSES),
  priority: z.number(),
  language: z.string(),
  phone: z.string().nullable(),
  requestId: z.string().nullable(),
  reference: z.string().nullable(),
  appointment: z.object({ start: time, end: time }).nullable(),
  enrolledAt: time,
  queuedAt: time,
  arrivalSeq: z.number().int(),
  calledAt: time.nullable(),
  // Absent in snapshots written before it was kept.
  calledBy: z.string().nullable().optional(),
  servingAt: time.nullable(),
  finishedAt: time.nullable(),
  counterId: z.string().nullable(),
  recalls: z.number().int(),
  passedOver: z.number().int(),
  firstPassedOverAt: time.nullable(),
  cancelReason: z.enum(['staff', 'left']).nullable(),
  onMyWayAt: time.nullable(),
  moreTimeCount: z.number().int(),
  // Absent in snapshots written before they were kept.
  reason: z.string().nullable().optional(),
  notes: z.array(z.object({ at: time, by: z.string(), text: z.string() })).optional(),
  via: z.enum(['voicemail', 'text', 'phone-menu']).nullable().optional(),
  voicemailLeftAt: time.nullable().optional(),
  callback: z
    .object({
      notBefore: time.nullable(),
      notAfter: time.nullable(),
      attempts: z.array(
        z.object({
          attempt: z.number().int(),
          requestedAt: time,
          outcome: z.enum(['reached', 'completed', 'no-answer', 'timed-out']).nullable(),
          outcomeAt: time.nullable(),
        }),
      ),
    })
    .nullable()
    .optional(),
  arrivedAt: time.nullable().optional(),
});

export const stateSchema = z.object({
  seq: z.number().int(),
  day: z.string().nullable(),
  ticketCounters: z.record(z.string(), z.number().int()),
  entries: z.record(z.string(), entrySchema),
  lines: z.record(z.string(), z.array(z.string())),
  counters: z.record(
    z.string(),
    z.object({ status: z.enum(COUNTER_STATUSES), currentEntryId: z.string().nullable(), credit: z.record(z.string(), z.number()) }),
  ),
  requestIds: z.record(z.string(), z.string()),
  bookings: z.record(z.string(), z.string()),
  serviceStats: z.record(z.string(), stats),
  walkStats: stats.nullable(),
  drain: z.record(z.string(), z.object({ lastCallAt: time, backlog: z.boolean(), interval: stats.nullable() })),
  recentCalls: z.array(
    z.object({ entryId: z.string(), ticket: z.string(), serviceId: z.string(), counterId: z.string(), calledAt: time, recalls: z.number().int() }),
  ),
}) satisfies z.ZodType<QueueState>;
