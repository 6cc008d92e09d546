// Runs one of the leaky test services (fixtures/services/<name>/server.js) as a real Node program with
// --inspect on loopback, drives it with real HTTP requests (a new connection each), and captures baseline,
// target and final heap snapshots through the project's capture client over CDP, each in its own inspector
// session (so V8 renumbers objects between them, as separate `retainer-lens capture` runs do).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { join } from 'node:path';
import { captureFromAddress, captureHeapSnapshot, CdpConnection, resolveEndpoint } from '../../../src/capture';
import { tempDirForProcess } from '../../support/tempDir';

export const servicesDir = join(__dirname, '..', 'fixtures', 'services');

export interface ServiceSnapshots {
  dir: string;
  source: string;
  baseline: string;
  target: string;
  final: string;
}

export interface ServicePlan {
  /** Paths requested once per round, e.g. `/watch?symbol=S{i}` ({i} is the round number). */
  paths: string[];
  warmup?: number;
  /** Rounds between baseline and target (default 100) and between target and final (default 20). */
  rounds?: number;
  after?: number;
  /**
   * Capture all three through one inspector session, so node ids stay stable (as in the editor, where
   * js-debug keeps its session); by default each capture has its own, as three `retainer-lens capture` runs.
   */
  oneSession?: boolean;
  /** Capture numbers' values (CDP captureNumericValue). */
  numericValues?: boolean;
}

function get(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // agent: false — a new socket per request, as separate clients would open.
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.once('end', resolve);
    });
    req.once('error', reject);
  });
}

const cache = new Map<string, Promise<ServiceSnapshots>>();

/** The three snapshots of a service, taken once per test process. */
export function serviceSnapshots(name: string, plan: ServicePlan): Promise<ServiceSnapshots> {
  const key = `${name}${plan.oneSession ? ' (one session)' : ''}${plan.numericValues ? ' (numbers)' : ''}`;
  let result = cache.get(key);
  if (!result) {
    result = run(name, plan);
    cache.set(key, result);
  }
  return result;
}

async function run(name: string, plan: ServicePlan): Promise<ServiceSnapshots> {
  const source = join(servicesDir, name);
  const dir = tempDirForProcess(`retainer-lens-service-${name}-`);
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(source, 'server.js')], {
    cwd: source,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killed = once(child, 'exit');
  try {
    let stderr = '';
    let stdout = '';
    const { inspector, port } = await new Promise<{ inspector: string; port: number }>((resolve, reject) => {
      let inspectorUrl: string | undefined;
      let httpPort: number | undefined;
      const check = (): void => {
        if (inspectorUrl && httpPort) resolve({ inspector: inspectorUrl, port: httpPort });
      };
      child.stderr!.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
        check();
      });
      child.stdout!.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        httpPort ??= Number(/listening on (\d+)/.exec(stdout)?.[1]) || undefined;
        check();
      });
      child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it listened: ${stderr}`)));
    });
    const rounds = async (count: number, offset: number): Promise<void> => {
      for (let i = offset; i < offset + count; i++)
        for (const path of plan.paths) await get(port, path.replaceAll('{i}', String(i)));
    };
    const connection = plan.oneSession
      ? await CdpConnection.connect((await resolveEndpoint(inspector, {})).url, {})
      : undefined;
    const capture = async (step: string): Promise<string> => {
      const file = join(dir, `${step}.heapsnapshot`);
      const options = { output: file, collectGarbage: true, numericValues: plan.numericValues };
      if (connection) await captureHeapSnapshot(connection, options);
      else await captureFromAddress(inspector, options);
      return file;
    };
    try {
      await rounds(plan.warmup ?? 5, 0);
      const baseline = await capture('baseline');
      await rounds(plan.rounds ?? 100, 1000);
      const target = await capture('target');
      await rounds(plan.after ?? 20, 5000);
      const final = await capture('final');
      return { dir, source, baseline, target, final };
    } finally {
      await connection?.close();
    }
  } finally {
    child.kill('SIGKILL');
    await killed;
  }
}

/** The request plan of each service (one request per route per round). */
// Captured with numbers' values, as `retainer-lens capture` does by default.
export const SERVICES: Record<string, ServicePlan> = {
  catalog: {
    paths: ['/list', '/audit?path=/docs/{i}', '/stats', '/preview?name=p{i}', '/lookup?key=k{i}'],
    numericValues: true,
  },
  pricing: {
    paths: ['/watch?symbol=S{i}', '/poll?symbol=S{i}', '/price?symbol=S{i}', '/trade?symbol=S{i}', '/quote'],
    numericValues: true,
  },
  sessions: { paths: ['/upload', '/login', '/export?format=csv', '/retry', '/metrics'], numericValues: true },
};
