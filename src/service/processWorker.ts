// The heap engine in a child process, behind the same small interface as a worker thread. The explorer uses
// it so that a loaded snapshot's memory is not the extension host's: every process the host spawns (VS Code
// and extensions run git, port scans, …) forks it, and a fork costs time in proportion to the forking process's
// memory, which with a gigabyte-sized snapshot in a worker thread was a 20–40 ms stall of the host each time.
import { fork, type ChildProcess } from 'node:child_process';
import { channel } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { ENGINE_PROCESS_ENV } from '../heap/processEnv';

/** The argument worker.ts checks to serve over IPC (so the bundle never does so by accident). */
export const PROCESS_FLAG = '--retainer-lens-heap-process';

/** Published with `{ worker }` when a heap worker process starts (tests watch it end with its explorer). */
export const heapProcessChannel = channel('retainer-lens:heap-process');

/** What HeapWorkerClient needs of a worker thread or a ProcessWorker. */
export interface WorkerLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the listener's argument depends on the event
  on(event: 'message' | 'error' | 'exit', listener: (value: any) => void): unknown;
  postMessage(message: unknown): void;
  terminate(): Promise<number>;
}

export class ProcessWorker extends EventEmitter implements WorkerLike {
  private readonly child: ChildProcess;
  private readonly exited: Promise<number>;

  constructor(script: string, execArgv: string[] = []) {
    super();
    // `advanced` serialization carries what structured clone would (typed arrays for chunks) over the pipe.
    this.child = fork(script, [PROCESS_FLAG], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv,
      // Freed load-time arrays go back to the system (processEnv.ts): the loaded snapshot's peak is lower.
      env: { ...process.env, ...ENGINE_PROCESS_ENV },
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('error', (error) => this.emit('error', error));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        const status = code ?? (signal ? 1 : 0);
        this.emit('exit', status);
        resolve(status);
      }),
    );
    heapProcessChannel.publish({ worker: this });
  }

  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as object);
  }

  terminate(): Promise<number> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    return this.exited;
  }
}
