// One heap profile editor's link between its webview and its service worker (vscode-free, like the explorer
// session): opens the `.heapprofile` in the worker, tells the page how that went, relays the page's profile
// queries — only those, only for this profile — and opens frames through the adapter's hook.
import type { Logger } from '../common/log';
import type { HeapMethod, HeapParams, MappedFrame, ProfileInfo } from '../service/protocol';
import { HeapWorkerError, type HeapWorkerClient } from '../service/workerClient';
import { isHostMessage, type ProfileStatus } from './messages';

const PROFILE_METHODS = new Set<HeapMethod>(['profileTree', 'profileFlame', 'cancel']);

export interface ProfileSessionHooks {
  post(message: unknown): void;
  log?: Logger;
  /** Opens a frame's function (its workspace position, else its script URL); false when nothing matched. */
  openFrame?(frame: MappedFrame): Promise<boolean> | boolean;
}

export class ProfileSession {
  private status: ProfileStatus;
  private readonly running = new Map<number, AbortController>();
  private disposed = false;
  private readonly handle = 'profile';

  constructor(
    private readonly client: HeapWorkerClient,
    private readonly hooks: ProfileSessionHooks,
    label: string,
  ) {
    this.status = { host: 'profile', phase: 'loading', label, handle: this.handle };
  }

  /** Loads the file; frames map into `workspaceRoots` (the `.ts` line of a bundled program). */
  async open(
    path: string,
    workspace: { workspaceRoots?: string[]; cwd?: string } = {},
  ): Promise<ProfileInfo | undefined> {
    try {
      const info = await this.client.request('openProfile', { path, profile: this.handle, ...workspace });
      this.status = { ...this.status, phase: 'ready', info };
      return info;
    } catch (error) {
      this.status = { ...this.status, phase: 'error', error: error instanceof Error ? error.message : String(error) };
      if (!(error instanceof HeapWorkerError && error.code === 'cancelled'))
        this.hooks.log?.error(`opening the heap profile ${path}`, error);
      return undefined;
    } finally {
      this.post(this.status);
    }
  }

  receive(message: unknown): void {
    if (this.disposed || typeof message !== 'object' || message === null) return;
    if (isHostMessage(message)) {
      const m = message as { host: string; frame?: unknown };
      if (m.host === 'ready') this.post(this.status);
      else if (m.host === 'openFrame') void this.openFrame(m.frame);
      return;
    }
    const { id, method, params } = message as { id?: unknown; method?: unknown; params?: Record<string, unknown> };
    if (typeof id !== 'number' || typeof method !== 'string') return;
    if (!PROFILE_METHODS.has(method as HeapMethod) || typeof params !== 'object' || params === null) {
      this.post({
        id,
        error: { code: 'bad-request', message: `the profile view may not call ${method.slice(0, 40)}` },
      });
      return;
    }
    if (method === 'cancel') {
      this.running.get((params as { requestId?: number }).requestId ?? -1)?.abort();
      this.post({ id, result: null });
      return;
    }
    if (params.profile !== this.handle || this.status.phase !== 'ready') {
      this.post({ id, error: { code: 'bad-request', message: 'no such profile in this editor' } });
      return;
    }
    void this.relay(id, method as HeapMethod, params as HeapParams<HeapMethod>);
  }

  dispose(): Promise<number> {
    this.disposed = true;
    for (const c of this.running.values()) c.abort();
    return this.client.terminate();
  }

  private async relay(id: number, method: HeapMethod, params: HeapParams<HeapMethod>): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      const result = await this.client.request(method, params, { signal: controller.signal });
      this.post({ id, result: result ?? null });
    } catch (error) {
      const code = error instanceof HeapWorkerError ? error.code : 'internal';
      this.post({ id, error: { code, message: error instanceof Error ? error.message : String(error) } });
    } finally {
      this.running.delete(id);
    }
  }

  private async openFrame(frame: unknown): Promise<void> {
    const f = frame as MappedFrame | undefined;
    if (!f || typeof f.url !== 'string' || typeof f.line !== 'number' || typeof f.column !== 'number') return;
    try {
      const opened = await this.hooks.openFrame?.(f);
      if (!opened)
        this.post({
          host: 'notice',
          level: 'info',
          message: f.url ? `No workspace file matches ${f.url}.` : `${f.name || 'This function'} is built in.`,
        });
    } catch (error) {
      this.hooks.log?.error('opening a profile frame', error);
    }
  }

  private post(message: unknown): void {
    if (!this.disposed) this.hooks.post(message);
  }
}
