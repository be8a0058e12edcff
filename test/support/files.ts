import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'

const MiB = 2 ** 20

/** Writes a file of `size` bytes of a keyed stream (not zeros: a relay that stored it in clear would show it); its SHA-256 (hex). */
export async function makeFile (path: string, size: number, seed: string): Promise<string> {
  const handle = await open(path, 'w')
  const hash = createHash('sha256')
  let block = createHash('sha512').update(seed).digest()
  const piece = Buffer.alloc(4 * MiB)
  for (let at = 0; at < size; at += piece.length) {
    for (let i = 0; i < piece.length; i += 64) { block = createHash('sha512').update(block).digest(); block.copy(piece, i) }
    const part = piece.subarray(0, Math.min(piece.length, size - at))
    hash.update(part)
    await handle.write(part)
  }
  await handle.close()
  return hash.digest('hex')
}

/** The SHA-256 of a file on disk (hex). */
export async function sha256Of (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
