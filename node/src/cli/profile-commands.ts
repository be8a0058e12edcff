/** The profile command: this user's display name and picture, and the ones contacts sent. */
import { readFile, stat } from 'node:fs/promises'
import { MAX_PROFILE_PICTURE_BYTES, fromBase64 } from '@parley/protocol'
import { NodeError } from '../errors.js'
import type { PersonProfile } from '../profiles/profiles.js'
import { formatBytes } from '../files/attachment.js'
import { callOptions, usageFailure, type CommandHandler } from './context.js'
import { inFolder } from './file-commands.js'
import { forTerminal } from './terminal-text.js'

/** The commands here. */
export const PROFILE_COMMANDS: Record<string, CommandHandler> = {
  profile: async ctx => {
    const { node, positionals, values, out } = ctx
    const setting = values.name !== undefined || values.picture !== undefined || values['no-picture'] === true
    if (positionals.length > 1 || (setting && positionals.length > 0)) throw usageFailure(ctx)
    if (values.picture !== undefined && values['no-picture'] === true) throw usageFailure(ctx, '--picture and --no-picture do not go together')
    if (!setting) {
      const address = positionals[0]
      const profile = address === undefined ? await node.myProfile(callOptions(ctx)) : await node.profileOf(address, callOptions(ctx))
      if (profile === undefined) {
        void out(address === undefined ? 'No profile set: parley profile --name <name> [--picture <file>] sets one.' : `No profile from ${forTerminal(address)} yet (it comes with their messages).`, null)
        return
      }
      void out(describe(profile), profile)
      return
    }
    const current = await node.myProfile(callOptions(ctx))
    const name = values.name ?? current?.name
    const picture = values['no-picture'] === true
      ? undefined
      : values.picture !== undefined
        ? await pictureFrom(inFolder(ctx, values.picture))
        : current?.picture !== undefined ? { bytes: fromBase64(current.picture.data), type: current.picture.type } : undefined
    const set = await node.setProfile({ ...(name !== undefined && name !== '' ? { name } : {}), ...(picture !== undefined ? { picture } : {}) }, callOptions(ctx))
    void out(`Profile set; it goes to your contacts and groups.\n${describe(set)}`, set)
  }
}

function describe (p: PersonProfile): string {
  return [
    `address: ${forTerminal(p.address)}`,
    `name: ${p.name !== undefined ? forTerminal(p.name) : '(none)'}`,
    `picture: ${p.picture !== undefined ? `${p.picture.type}, ${formatBytes(fromBase64(p.picture.data).length)}` : '(none)'}`,
    `changed: ${new Date(p.version).toISOString()}`
  ].join('\n')
}

/**
 * A picture file as it is: JPEG, PNG or WebP by its first bytes, at most 256 KiB. The CLI has no
 * image library, so it neither resizes nor re-encodes: a larger picture is refused with a sentence.
 */
async function pictureFrom (path: string): Promise<{ bytes: Uint8Array, type: string }> {
  let size: number
  try { size = (await stat(path)).size } catch (err: any) { throw new NodeError('BAD_INPUT', `cannot read ${path}: ${err?.code === 'ENOENT' ? 'no such file' : err?.message}`) }
  if (size > MAX_PROFILE_PICTURE_BYTES) throw new NodeError('BAD_INPUT', `${path} is ${formatBytes(size)}; a profile picture is at most ${formatBytes(MAX_PROFILE_PICTURE_BYTES)} (the CLI does not resize pictures: make it smaller first)`)
  const bytes = new Uint8Array(await readFile(path))
  const type = imageType(bytes)
  if (type === undefined) throw new NodeError('BAD_INPUT', `${path} is not a JPEG, PNG or WebP image`)
  return { bytes, type }
}

function imageType (b: Uint8Array): string | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'image/webp'
  return undefined
}
