import { NodeError, RelayRequestError } from '@parley/node'

/** How a node or relay call ended: 'OK', the relay's error code, or the node's error code. */
export async function outcome (p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof RelayRequestError) return err.relayCode
    if (err instanceof NodeError) return err.code
    throw err
  }
  return 'OK'
}
