import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

/** kafkajs log lines through the app's logger (JSON, with the correlation id), warnings and up. */
export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('Kafka');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    if (level === logLevel.ERROR) logger.error(extra, message);
    else if (level === logLevel.WARN) logger.warn(extra, message);
  };
};
