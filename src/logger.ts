import pino, { type Logger } from 'pino';

/**
 * JSON lines for machines, or readable colour when a person watches the
 * terminal (decision O4). Requests are logged by the app without headers, so
 * cookies and Authorization never reach the log; the redaction is a backstop.
 */
export async function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout): Promise<Logger> {
  const options = {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
  };
  if ((destination as { isTTY?: boolean }).isTTY !== true) return pino(options, destination);
  // Loaded only for a terminal, and run in this thread rather than a transport
  // worker: servers log JSON and pay for neither.
  const { default: pretty } = await import('pino-pretty');
  return pino(options, pretty({ destination: 1, sync: true }));
}
