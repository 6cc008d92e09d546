// The agent tools' host for the MCP server: sources are one folder (--source), snapshots are files loaded
// into the store's worker, capture goes to an inspector address.
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { captureFromAddress } from '../../capture/captureFromAddress';
import { formatBytes } from '../../common/units';
import type { Logger } from '../../common/log';
import type { ToolHost, ToolRun } from '../../service/agent/agentTools';
import { plain, quote } from '../../service/agent/answer';
import { ToolInputError } from '../../service/agent/toolInput';
import type { SnapshotStore } from '../../service/agent/snapshotStore';

export function mcpHost(source: string, store: SnapshotStore, log: Logger): ToolHost {
  const inSource = (p: string): string => (isAbsolute(p) ? p : resolve(source, p));
  return {
    roots: () => [source],
    cwd: () => source,
    snapshot: (ref, run) => store.get(ref, run),
    service: () => store.service(),
    scanTargets: async (path) => [path === undefined ? source : inSource(path)],
    release: (ref) => store.release(ref),
    async capture(input, run: ToolRun) {
      if (!input.address)
        throw new ToolInputError('address is required here: the inspector of a program started with --inspect');
      const output = input.output
        ? inSource(input.output)
        : join(source, '.heapsnapshots', `snapshot-${new Date().toISOString().replace(/[:.]/g, '-')}.heapsnapshot`);
      mkdirSync(dirname(output), { recursive: true });
      let lastPhase = '';
      const result = await captureFromAddress(input.address, {
        output,
        collectGarbage: true,
        signal: run.signal,
        log,
        onProgress: (p) => {
          if (p.phase === lastPhase) return;
          lastPhase = p.phase;
          run.progress?.(`capture: ${p.phase}`);
        },
      });
      const target = result.endpoint.target;
      return (
        `Captured ${plain(output, 400)} (${formatBytes(result.bytes)} in ${(result.durationMs / 1000).toFixed(1)} s)` +
        (target ? ` from ${quote(target.title, 120)}` : '') +
        '. Pass this path as snapshot to the other tools.'
      );
    },
  };
}
