import { EVENT_BUS_CONTRACT } from './event-bus.contracts';
import { InProcessEventBus } from './in-process-event-bus';

describe('InProcessEventBus (event bus contract)', () => {
  const make = async () => ({ bus: new InProcessEventBus(), start: async () => undefined, stop: async () => undefined });
  for (const c of EVENT_BUS_CONTRACT) it(c.name, () => c.run(make));
});
