/** Polls `probe` until it yields a value or `timeoutMs` passes (then resolves null). */
export async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  let delay = 20;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(deadline - Date.now(), 1))));
    delay = Math.min(delay * 2, 80);
  }
}
