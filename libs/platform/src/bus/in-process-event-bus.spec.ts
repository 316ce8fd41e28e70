import { ConsumerDelivery } from './consumer-delivery';
import { InMemoryDeadLetterStore } from './dead-letter-store.port';
import { CONTRACT_CONSUMERS, EVENT_BUS_CONTRACT } from './event-bus.contracts';
import { InProcessEventBus } from './in-process-event-bus';

describe('InProcessEventBus (event bus contract)', () => {
  const make = async () => {
    const deadLetters = new InMemoryDeadLetterStore();
    const bus = new InProcessEventBus(new ConsumerDelivery(CONTRACT_CONSUMERS, deadLetters, null));
    return { bus, deadLetters, start: async () => undefined, stop: async () => bus.onModuleDestroy() };
  };
  for (const c of EVENT_BUS_CONTRACT) it(c.name, () => c.run(make));
});
