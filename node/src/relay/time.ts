import { NodeError } from '../errors.js'

/** Waits `ms`, or less if `signal` aborts. */
export async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    function done (): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve() }
    signal.addEventListener('abort', done, { once: true })
  })
}

/** `promise`, or a TIMEOUT error (saying `what`) after `ms`; the promise itself goes on. */
export async function withTimeout<T> (promise: Promise<T>, ms: number, what = 'no answer in time'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([promise, new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new NodeError('TIMEOUT', what)), ms) })])
  } finally {
    clearTimeout(timer)
  }
}

/** TIMEOUT when `signal` has aborted: every public call checks before it starts work. */
export function throwIfAborted (signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new NodeError('TIMEOUT', 'the operation was aborted')
}
