/** Polls `pred` every 50 ms until it holds; throws after `ms`, naming `what` (and `detail()` if given). */
export async function until (pred: () => boolean | Promise<boolean>, ms: number, what: string, detail?: () => string): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${detail !== undefined ? `:\n${detail()}` : ''}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
