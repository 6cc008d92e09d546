// Is there room for three snapshots? A snapshot makes the target hold about as much memory again as its heap
// while V8 writes it, and the file is about as large as the heap's used size (we keep three).
import { statfs } from 'node:fs/promises';
import { availableMemory } from './systemMemory';
import { formatBytes } from '../common/units';

export interface RoomCheck {
  ok: boolean;
  /** What is short, for a warning: "needs about 1.20 GB of free memory, 800 MB is available". */
  problems: string[];
}

export async function roomForSnapshots(heapTotal: number, heapUsed: number, folder: string): Promise<RoomCheck> {
  const problems: string[] = [];
  const memory = availableMemory();
  if (memory < heapTotal)
    problems.push(`needs about ${formatBytes(heapTotal)} of free memory, ${formatBytes(memory)} is available`);
  try {
    const disk = await statfs(folder);
    const free = disk.bavail * disk.bsize;
    const needed = 3 * heapUsed;
    if (free < needed)
      problems.push(
        `needs about ${formatBytes(needed)} on disk for three snapshots, ${formatBytes(free)} is free in ${folder}`,
      );
  } catch (error) {
    problems.push(
      `cannot tell the free disk space of ${folder} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return { ok: problems.length === 0, problems };
}
