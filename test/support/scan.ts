import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Level } from 'level'

/** A secret to look for, by a label that can be printed (never the secret itself). */
export interface Secret { label: string, value: Uint8Array }

/** The encodings a secret might be stored in. */
function encodings (value: Uint8Array): Array<{ how: string, bytes: Buffer }> {
  const buf = Buffer.from(value)
  return [
    { how: 'raw', bytes: buf },
    { how: 'hex', bytes: Buffer.from(buf.toString('hex')) },
    { how: 'HEX', bytes: Buffer.from(buf.toString('hex').toUpperCase()) },
    { how: 'base64', bytes: Buffer.from(buf.toString('base64').replace(/=+$/, '')) },
    { how: 'base64url', bytes: Buffer.from(buf.toString('base64url')) }
  ]
}

async function files (dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...await files(path))
    else if (entry.isFile()) out.push(path)
  }
  return out
}

/**
 * Looks for each secret, in several encodings, in every file of `dataDir` read raw, and in every
 * key and value of the LevelDB at `dbDir` read back through `level` (table files are Snappy
 * compressed, so a raw scan alone could miss a secret). The relay must be stopped first.
 * Returns the findings as "label (encoding) in place".
 */
export async function scanForSecrets (dataDir: string, dbDir: string, secrets: Secret[]): Promise<string[]> {
  const findings: string[] = []
  const blobs: Array<{ where: string, bytes: Buffer }> = []
  for (const file of await files(dataDir)) blobs.push({ where: file, bytes: await readFile(file) })
  const db = new Level<Uint8Array, Uint8Array>(dbDir, { keyEncoding: 'view', valueEncoding: 'view' })
  await db.open()
  try {
    for await (const [key, value] of db.iterator()) {
      blobs.push({ where: `level key ${Buffer.from(key).toString('utf8').replace(/[^\x20-\x7e]/g, '.')}`, bytes: Buffer.concat([Buffer.from(key), Buffer.from([0]), Buffer.from(value)]) })
    }
  } finally {
    await db.close()
  }
  for (const secret of secrets) {
    for (const { how, bytes } of encodings(secret.value)) {
      if (bytes.length < 6) continue
      for (const blob of blobs) if (blob.bytes.includes(bytes)) findings.push(`${secret.label} (${how}) in ${blob.where}`)
    }
  }
  return findings
}
