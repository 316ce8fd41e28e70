import { durableTopicConfig, weakerSettings } from './topic-durability';

const described = (entries: Record<string, string>) => Object.entries(entries).map(([configName, configValue]) => ({ configName, configValue }));

describe('durableTopicConfig', () => {
  it('asks for two in-sync replicas, or every replica on a smaller cluster, and no unclean leader election', () => {
    const minIsr = (rf: number) => durableTopicConfig(rf).find((e) => e.name === 'min.insync.replicas')?.value;
    expect([1, 2, 3, 5].map(minIsr)).toEqual(['1', '2', '2', '2']);
    expect(durableTopicConfig(3)).toContainEqual({ name: 'unclean.leader.election.enable', value: 'false' });
  });
});

describe('weakerSettings', () => {
  const required = durableTopicConfig(3);

  it('names a topic made with the broker default of one in-sync replica, or with unclean elections', () => {
    expect(weakerSettings('chat.conversation.events', described({ 'min.insync.replicas': '1', 'unclean.leader.election.enable': 'true' }), required)).toEqual([
      { topic: 'chat.conversation.events', setting: 'min.insync.replicas', actual: '1', required: '2' },
      { topic: 'chat.conversation.events', setting: 'unclean.leader.election.enable', actual: 'true', required: 'false' },
    ]);
  });

  it('accepts a topic as durable as required or more', () => {
    expect(weakerSettings('t', described({ 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' }), required)).toEqual([]);
    expect(weakerSettings('t', described({ 'min.insync.replicas': '3', 'unclean.leader.election.enable': 'false' }), required)).toEqual([]);
  });
});
