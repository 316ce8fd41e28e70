/**
 * A load generator process: owns a slice of the sockets and runs the runner's commands over IPC
 * (setup → connect → load… → close). Forked by LoadPool; exits when the runner goes away.
 */
import { WorkerSession } from './load/worker-session';
import type { Envelope, WorkerCommand, WorkerMessage } from './load/protocol';

if (!process.send) {
  process.stderr.write('load-worker: run me through the bench runner (needs an IPC channel)\n');
  process.exit(2);
}

const session = new WorkerSession(process.env.BENCH_WORKER_ID ?? String(process.pid));
const send = (msg: WorkerMessage, then?: () => void) => process.send!(msg, undefined, {}, () => then?.());

async function handle(cmd: Envelope<WorkerCommand>): Promise<unknown> {
  switch (cmd.type) {
    case 'setup':
      return session.setup(cmd);
    case 'connect':
      return session.connect(cmd);
    case 'load':
      return session.load(cmd);
    case 'close':
      session.close();
      return {};
  }
}

process.on('message', (cmd: Envelope<WorkerCommand>) => {
  handle(cmd).then(
    (result) => send({ id: cmd.id, ok: true, result }, cmd.type === 'close' ? () => process.exit(0) : undefined),
    (err: Error) => send({ id: cmd.id, ok: false, error: err?.stack ?? String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
