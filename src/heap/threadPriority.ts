// Lower the CPU priority of the current thread (Linux only: a thread there is a task with its own nice value).
// The explorer's heap worker and its helper threads use it so that, on a machine with fewer free cores than
// busy threads, the extension host's thread wins the CPU whenever it needs it (loading uses every core).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value for background threads: below the host's (0), not starved. */
export const BACKGROUND_NICE = 10;

let warned = false;

export function lowerThreadPriority(nice = BACKGROUND_NICE): void {
  if (process.platform !== 'linux') return;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch (error) {
    if (!warned) console.warn(`Retainer Lens: could not lower a heap thread's priority: ${String(error)}`);
    warned = true;
  }
}
