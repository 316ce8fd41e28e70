import { Logger } from '@nestjs/common';
import { ConfigResourceTypes, type Admin, type IResourceConfigEntry } from 'kafkajs';

const logger = new Logger('KafkaEventBus');

/**
 * The settings that make the producer's acks=all mean "on more than one broker". The relay marks
 * an outbox row published once the brokers acknowledged it and retention deletes it later, so the
 * acknowledged copy is the only one left: with the broker default min.insync.replicas=1, acks=all
 * is satisfied by the leader alone while the followers lag, and that leader's disk is the event's
 * only home. Two in-sync replicas (or every replica, on a smaller cluster) and no election of an
 * out-of-sync replica as leader close that gap; a send that cannot be made durable fails, and the
 * relay keeps the rows and publishes again.
 */
export function durableTopicConfig(replicationFactor: number): IResourceConfigEntry[] {
  return [
    { name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) },
    { name: 'unclean.leader.election.enable', value: 'false' },
  ];
}

export interface WeakTopicSetting {
  topic: string;
  setting: string;
  actual: string;
  required: string;
}

/** The settings of a described topic that are less durable than `required` (durableTopicConfig's). */
export function weakerSettings(topic: string, described: readonly { configName: string; configValue: string }[], required: readonly IResourceConfigEntry[]): WeakTopicSetting[] {
  const weak: WeakTopicSetting[] = [];
  for (const { name, value } of required) {
    const actual = described.find((d) => d.configName === name)?.configValue;
    if (actual === undefined) continue;
    const lessDurable = name === 'min.insync.replicas' ? Number(actual) < Number(value) : actual !== value;
    if (lessDurable) weak.push({ topic, setting: name, actual, required: value });
  }
  return weak;
}

/**
 * Logs a warning for each setting of the topics that is less durable than durableTopicConfig
 * (topics made before it, or by hand). Only reported, never altered: kafkajs' alterConfigs is the
 * non-incremental AlterConfigs request, which would reset every other setting an operator gave the
 * topic. A cluster whose ACLs deny DescribeConfigs still carries events, so a failed check is a
 * warning too, never a failed start.
 */
export async function warnOfLessDurableTopics(admin: Admin, topics: readonly string[], replicationFactor: number): Promise<void> {
  const required = durableTopicConfig(replicationFactor);
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: required.map((r) => r.name) })),
    });
    for (const weak of resources.flatMap((r) => weakerSettings(r.resourceName, r.configEntries, required))) {
      logger.warn(
        { event: 'kafka.topic_less_durable', ...weak },
        `Kafka topic ${weak.topic} has ${weak.setting}=${weak.actual}, so an acknowledged event may be on one broker only; set ${weak.setting}=${weak.required} (kafka-configs.sh --alter --entity-type topics --add-config)`,
      );
    }
  } catch (err) {
    logger.warn({ err, topics }, "Could not check the Kafka topics' durability settings");
  }
}
