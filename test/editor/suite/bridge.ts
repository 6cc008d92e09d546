// Client for the launcher's browser bridge: lets a test act on the real workbench UI (palette, notifications,
// screenshots) as a person would. Only the code-server harness provides it.

export const bridgeUrl = process.env.RETAINER_LENS_UI_BRIDGE;

export async function browser<T = unknown>(action: string, args: Record<string, unknown> = {}): Promise<T> {
  if (!bridgeUrl) throw new Error('no browser bridge: these tests need the code-server harness (npm run test:editor)');
  const response = await fetch(bridgeUrl, { method: 'POST', body: JSON.stringify({ action, ...args }) });
  const answer = (await response.json()) as { ok: boolean; result?: T; error?: string };
  if (!answer.ok) throw new Error(`browser action ${action} failed: ${answer.error}`);
  return answer.result as T;
}

export interface NotificationView {
  message: string;
  buttons: string[];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns a truthy value or the time runs out. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
