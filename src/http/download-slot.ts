import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientSlots } from '../domain/client-slots.js';
import { BusyError } from '../domain/errors.js';

// A download ends as fast as its client reads; a few seconds is a fair first wait.
const BUSY_RETRY_SECONDS = 5;

/**
 * Takes one of the slots that bound the bodies being sent at once (issue 10),
 * held until the response closes, or refuses with 503. A client that reads
 * slowly keeps a chunk or two in memory for as long as it takes: the number of
 * bodies in flight is what bounds that memory.
 */
export function takeDownloadSlot(slots: ClientSlots, request: FastifyRequest, reply: FastifyReply): void {
  const release = slots.take(request.clientIp);
  if (release === 'all-busy') throw new BusyError('server busy: too many downloads in progress; try again shortly', BUSY_RETRY_SECONDS);
  if (release === 'client-busy') {
    throw new BusyError('too many downloads in progress to your address; try again when one ends', BUSY_RETRY_SECONDS);
  }
  reply.raw.once('close', release);
}
