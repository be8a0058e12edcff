import { createHash } from 'node:crypto'
import { lstat, mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { CliError } from '../output.js'
import { MAX_SOCKET_PATH_BYTES, POINTER_NAME, SOCKET_NAME } from './constants.js'

/** This process's uid; undefined where there are none (Windows). */
const uid = (): number | undefined => process.getuid?.()

/** Where a control socket lives, and the pointer file that says so when it is not in the data folder. */
export interface SocketPlace { path: string, pointer?: string }

/**
 * Where a node serving `dataDir` puts its socket: in the folder itself (owner-only, 0700), or, when
 * that path is too long for the kernel, in $XDG_RUNTIME_DIR or an owner-only folder in the tmp dir,
 * named after the data folder, with a pointer file in the data folder.
 */
export async function serverSocketPlace (dataDir: string): Promise<SocketPlace> {
  const inFolder = join(dataDir, SOCKET_NAME)
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH_BYTES) return { path: inFolder }
  const name = `parley-${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}.sock`
  const runtime = process.env.XDG_RUNTIME_DIR
  let dir: string
  if (runtime !== undefined && isAbsolute(runtime) && await ownedPrivateDir(runtime)) dir = runtime
  else {
    dir = join(tmpdir(), `parley-${uid() ?? 'user'}`)
    await mkdir(dir, { mode: 0o700, recursive: true })
    if (!await ownedPrivateDir(dir)) throw new CliError('CONTROL_REFUSED', `${dir} is not a folder only you can open: remove it, or use a shorter --data path`)
  }
  const path = join(dir, name)
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) throw new CliError('CONTROL_REFUSED', `no place for the control socket: ${path} is too long; set XDG_RUNTIME_DIR to a short owner-only folder`)
  return { path, pointer: join(dataDir, POINTER_NAME) }
}

/** Writes the pointer file of a socket kept outside the data folder. */
export async function writePointer (place: SocketPlace): Promise<void> {
  if (place.pointer !== undefined) await writeFile(place.pointer, place.path + '\n', { mode: 0o600 })
}

/** Where a client looks for the socket of a node serving `dataDir`: the pointer file's path, else the folder's. */
export async function clientSocketPath (dataDir: string): Promise<string> {
  let pointed: string | undefined
  try {
    pointed = (await readFile(join(dataDir, POINTER_NAME), 'utf8')).trim()
  } catch {}
  if (pointed !== undefined && isAbsolute(pointed) && Buffer.byteLength(pointed) <= MAX_SOCKET_PATH_BYTES) return pointed
  return join(dataDir, SOCKET_NAME)
}

/**
 * Whether a socket is at `path` (false when nothing is there). A socket that another user owns, or
 * something that is not a socket, is refused: its other end could be anyone's program.
 */
export async function socketIsThere (path: string): Promise<boolean> {
  let stat
  try {
    stat = await lstat(path)
  } catch (err: any) {
    if (err?.code === 'ENOENT' || err?.code === 'ENOTDIR') return false
    throw err
  }
  if (!stat.isSocket()) throw new CliError('CONTROL_REFUSED', `${path} is not a socket: remove it, it is where a running parley listen serves the other commands`)
  const me = uid()
  if (me !== undefined && stat.uid !== me) throw new CliError('CONTROL_REFUSED', `the control socket ${path} belongs to another user (uid ${stat.uid}): it is not used; remove it`)
  return true
}

/** Removes a socket (and its pointer file) left by a node that is gone; what is already gone is fine. */
export async function removeSocket (place: SocketPlace): Promise<void> {
  for (const file of [place.path, place.pointer]) {
    if (file !== undefined) await unlink(file).catch((err: any) => { if (err?.code !== 'ENOENT') throw err })
  }
}

/** Whether `dir` is a real folder (not a link) of this user that nobody else can open. */
async function ownedPrivateDir (dir: string): Promise<boolean> {
  try {
    const stat = await lstat(dir)
    const me = uid()
    return stat.isDirectory() && (me === undefined || stat.uid === me) && (stat.mode & 0o077) === 0
  } catch {
    return false
  }
}
