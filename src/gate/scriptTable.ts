// Which script a snapshot's script id is, asked of the process that ran it: the Debugger domain reports every
// loaded script with its URL and source map when enabled. Snapshots name scripts through a string V8 may keep
// as a "(concatenated string)" (Vitest, Jest and other runners build file names that way), and runners that
// transform code keep its source map inline in the script, not on disk.
import { readFileSync } from 'node:fs';
import { loadSourceMap, type SourceMap } from '../join/sourceMap';
import type { InspectorSession } from './inspectorSession';

interface ScriptInfo {
  url: string;
  sourceMapURL?: string;
}

interface ScriptParsed {
  params: { scriptId: string; url: string; sourceMapURL?: string };
}

export class ScriptTable {
  private readonly maps = new Map<number, SourceMap | undefined>();

  constructor(private readonly scripts: Map<number, ScriptInfo>) {}

  /** Enables the Debugger for a moment, in process: every loaded script is reported at once. */
  static async collect(session: InspectorSession): Promise<ScriptTable> {
    const scripts = new Map<number, ScriptInfo>();
    const onParsed = ({ params }: ScriptParsed) => {
      if (params.url) scripts.set(Number(params.scriptId), { url: params.url, sourceMapURL: params.sourceMapURL });
    };
    session.on('Debugger.scriptParsed', onParsed);
    try {
      await session.post('Debugger.enable');
      await session.post('Debugger.disable');
    } finally {
      session.off('Debugger.scriptParsed', onParsed);
    }
    return new ScriptTable(scripts);
  }

  url(scriptId: number): string | undefined {
    return this.scripts.get(scriptId)?.url;
  }

  /** The script's own source map (inline or beside it), parsed once. */
  sourceMap(scriptId: number, scriptFile: string): SourceMap | undefined {
    if (this.maps.has(scriptId)) return this.maps.get(scriptId);
    const url = this.scripts.get(scriptId)?.sourceMapURL;
    const map = url ? loadSourceMap(scriptFile, url, readText) : undefined;
    this.maps.set(scriptId, map);
    return map;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // a map that is not there maps nothing
  }
}
