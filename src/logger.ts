import pino from 'pino';

/**
 * Structured JSON logs. Log ids, codes and counts only: never message text, names, report content or
 * tokens. The redact list is a safety net for mistakes, not a licence to log objects wholesale.
 */
export type Logger = pino.Logger;

export const REDACTED_PATHS = [
  'text',
  '*.text',
  'activity',
  '*.activity',
  'body',
  '*.body',
  'value',
  '*.value',
  'name',
  '*.name',
  'from.name',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'password',
  '*.password',
  'report',
  '*.report',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'safeguard-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
