// Memory the system can still give a process: `process.availableMemory()` where Node has it (it honours
// cgroup limits), else the OS's free memory.
import { freemem } from 'node:os';

export function availableMemory(): number {
  const fromProcess = (process as { availableMemory?: () => number }).availableMemory;
  return typeof fromProcess === 'function' ? fromProcess.call(process) : freemem();
}
