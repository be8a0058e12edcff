/**
 * Profiles (PROTOCOL.md "Profiles"): this user's display name and picture, sealed on the device
 * and kept on the home relay as an opaque blob, and the profiles of the people this device talks
 * to. The key to the blob goes to each contact and group in a `profile` content before the first
 * message after a change (and to everyone at once when it changes); a profile key that comes in
 * is remembered, its blob fetched in the background and checked to be the sender's own.
 */
import {
  MAX_PROFILE_PICTURE_BYTES, PROFILE_FILE_NAME, PROFILE_MEDIA_TYPE, PROFILE_PICTURE_TYPES, decodeProfileKey, decodeProfileRecord, encodeProfileKey,
  encodeProfileRecord, fromBase64, fromHex, isValidDisplayName, toBase64, toHex, type ProfileKey
} from '@parley/protocol'
import { NodeError, failureKind } from '../errors.js'
import { KeyLock } from '../key-lock.js'
import { mapLimit } from '../map-limit.js'
import type { Clock } from '../components.js'
import type { NodeEvents } from '../events.js'
import type { NodeStore } from '../node-store.js'
import type { StoredAttachment } from '../files/attachment.js'
import { bytesSink, bytesSource, type FileTransfers } from '../files/transfers.js'

/** A person's display name and picture, as this device last fetched them. */
export interface PersonProfile {
  address: string
  /** The display name, if they set one: their claim, shown beside the address, never instead of it. */
  name?: string
  /** Their picture (base64) and its media type. */
  picture?: { data: string, type: string }
  /** When they last changed it (their clock). */
  version: number
}

/** What this user sets: a name, a picture, or both (either left out is cleared). */
export interface ProfileChange {
  name?: string
  picture?: { bytes: Uint8Array, type: string }
}

/** How long the relay keeps the profile's blob; it is kept on while the profile is the current one. */
export const PROFILE_KEEP_MS = 90 * 24 * 60 * 60 * 1000
/** Renewed once less than this is left. */
const PROFILE_RENEW_MS = 30 * 24 * 60 * 60 * 1000
/** Profile keys sent at once when the profile changes. */
const ANNOUNCE_CONCURRENCY = 4

/** This user's profile as stored: what it says, and the blob that carries it. */
interface OwnProfile extends PersonProfile {
  ref: StoredAttachment
  keptUntil: number
}

/** Another person's profile as stored, with the key to a newer one still to fetch. */
interface TheirProfile extends PersonProfile {
  /** A newer profile's key (base64 ProfileKey) not fetched yet. */
  pending?: string
}

const OWN_KEY = 'own-profile'

/** What the profiles service goes through. */
export interface ProfilesInit {
  store: NodeStore
  clock: Clock
  events: NodeEvents
  files: Pick<FileTransfers, 'upload' | 'download' | 'keep' | 'delete'>
  /** This user's address. */
  self: () => string
  /** Sends a profile content to a person, or to a group (`group:` and its id). */
  send: (peer: string, body: Uint8Array) => Promise<void>
  /** Everyone a changed profile goes to at once: the contacts' addresses and the groups' conversation ids. */
  audience: () => Promise<string[]>
  /** What must have had this user's profile for `peer` to have it now (a group's members, a person's devices), as a short string. */
  audienceOf: (peer: string) => Promise<string>
  /** Runs `work` in the background, tracked for close. */
  track: (work: Promise<void>) => void
}

/** Display names and pictures. */
export class Profiles {
  private readonly lock = new KeyLock()

  constructor (private readonly init: ProfilesInit) {}

  /** This user's profile, once set. */
  async mine (): Promise<PersonProfile | undefined> {
    const own = await this.own()
    return own === undefined ? undefined : shown(own)
  }

  /** A person's profile, once one came from them and was fetched. */
  async of (address: string): Promise<PersonProfile | undefined> {
    const stored = await this.init.store.profiles.get(address) as TheirProfile | undefined
    return stored === undefined || stored.version === 0 ? undefined : shown(stored)
  }

  /** Every profile fetched, this user's own included. */
  async all (): Promise<PersonProfile[]> {
    const out: PersonProfile[] = []
    for await (const value of this.init.store.profiles.values()) {
      if ((value as TheirProfile).version > 0) out.push(shown(value as TheirProfile))
    }
    const own = await this.mine()
    return own === undefined ? out : [own, ...out.filter(p => p.address !== own.address)]
  }

  /**
   * Sets this user's name and picture: sealed, uploaded to the home relay, and announced to every
   * contact and group (those who cannot be reached now get it before the next message to them).
   * BAD_INPUT for a name or picture a receiver would refuse.
   */
  async set (change: ProfileChange, options: { signal?: AbortSignal } = {}): Promise<PersonProfile> {
    const address = this.init.self()
    const name = change.name?.trim()
    if (name !== undefined && name !== '' && !isValidDisplayName(name)) {
      throw new NodeError('BAD_INPUT', 'a display name is 1 to 64 characters, with no line breaks, controls or direction marks')
    }
    const picture = change.picture
    if (picture !== undefined) {
      if (!(PROFILE_PICTURE_TYPES as readonly string[]).includes(picture.type)) throw new NodeError('BAD_INPUT', `a profile picture is a JPEG, PNG or WebP image, not ${picture.type}`)
      if (picture.bytes.length === 0 || picture.bytes.length > MAX_PROFILE_PICTURE_BYTES) {
        throw new NodeError('BAD_INPUT', `a profile picture is at most ${MAX_PROFILE_PICTURE_BYTES / 1024} KiB (this one is ${Math.ceil(picture.bytes.length / 1024)} KiB): make it smaller first`)
      }
    }
    return await this.lock.run(OWN_KEY, async () => {
      const previous = await this.own()
      // Versions only go up, whatever this device's clock says.
      const version = Math.max(this.init.clock.now(), (previous?.version ?? 0) + 1)
      const plain = encodeProfileRecord({
        address,
        version,
        ...(name !== undefined && name !== '' ? { name } : {}),
        ...(picture !== undefined ? { picture: { bytes: picture.bytes, type: picture.type as typeof PROFILE_PICTURE_TYPES[number] } } : {})
      })
      const keptUntil = this.init.clock.now() + PROFILE_KEEP_MS
      const ref = await this.init.files.upload(bytesSource(PROFILE_FILE_NAME, plain, PROFILE_MEDIA_TYPE), { expiresAt: keptUntil, ...(options.signal !== undefined ? { signal: options.signal } : {}) })
      const own: OwnProfile = {
        address,
        version,
        ...(name !== undefined && name !== '' ? { name } : {}),
        ...(picture !== undefined ? { picture: { data: toBase64(picture.bytes), type: picture.type } } : {}),
        ref,
        keptUntil
      }
      await this.init.store.meta.put(OWN_KEY, own)
      // The old blob names nothing any more (someone who missed it gets the new key).
      if (previous !== undefined) await this.init.files.delete(previous.ref.blobId).catch(() => {})
      this.init.events.emit({ type: 'profile', profile: shown(own), own: true })
      this.init.track(this.announceAll())
      return shown(own)
    })
  }

  /**
   * Sends this user's profile key to `peer` (an address, or a group's conversation id) unless it
   * already has the current one. Best effort: a failure is left for the next message.
   */
  async announce (peer: string): Promise<void> {
    try {
      const own = await this.own()
      if (own === undefined || peer === own.address) return
      const audience = await this.init.audienceOf(peer)
      const mark = `${own.version}:${audience}`
      if (await this.init.store.profileSent.get(peer) === mark) return
      await this.init.send(peer, encodeProfileKey(keyOf(own)))
      await this.init.store.profileSent.put(peer, mark)
    } catch (err: any) {
      this.init.events.emit({ type: 'warning', message: `your profile did not reach ${peer} yet: ${err?.message ?? err}` })
    }
  }

  /**
   * Takes a profile key that came from `sender` (1:1, or in a group `sender` is a member of): a
   * newer one than held is remembered and its profile fetched in the background. A final
   * ProtocolError for a body that is not a profile key.
   */
  async take (sender: string, body: Uint8Array): Promise<void> {
    const key = decodeProfileKey(body)
    if (sender === this.init.self()) return
    const newer = await this.lock.run(sender, async () => {
      const stored = await this.init.store.profiles.get(sender) as TheirProfile | undefined
      const pending = stored?.pending !== undefined ? decodeProfileKey(fromBase64(stored.pending)).version : 0
      if (key.version <= Math.max(stored?.version ?? 0, pending)) return false
      await this.init.store.profiles.put(sender, { ...(stored ?? { address: sender, version: 0 }), pending: toBase64(body) })
      return true
    })
    if (newer) this.init.track(this.fetch(sender))
  }

  /** Fetches the profiles whose keys came and whose blobs were not fetched yet (after a reconnection, say). */
  async fetchPending (): Promise<void> {
    const waiting: string[] = []
    for await (const value of this.init.store.profiles.values()) {
      if ((value as TheirProfile).pending !== undefined) waiting.push((value as TheirProfile).address)
    }
    await mapLimit(waiting, ANNOUNCE_CONCURRENCY, async address => { await this.fetch(address) })
  }

  /** Keeps this user's profile blob on the relay while it is the current one (renewed once less than 30 days are left). */
  async keepAlive (): Promise<void> {
    await this.lock.run(OWN_KEY, async () => {
      const own = await this.own()
      const now = this.init.clock.now()
      if (own === undefined || own.keptUntil - now > PROFILE_RENEW_MS) return
      const keptUntil = now + PROFILE_KEEP_MS
      await this.init.files.keep(own.ref.blobId, keptUntil)
      await this.init.store.meta.put(OWN_KEY, { ...own, keptUntil })
    })
  }

  private async announceAll (): Promise<void> {
    const peers = await this.init.audience()
    await mapLimit(peers, ANNOUNCE_CONCURRENCY, async peer => { await this.announce(peer) })
  }

  /**
   * Fetches and opens the profile a pending key names; kept only if it is `address`'s own, of the
   * version announced. A profile that cannot be (the blob gone, altered, someone else's) is
   * dropped with a warning; a passing failure keeps the key for the next try.
   */
  private async fetch (address: string): Promise<void> {
    const stored = await this.init.store.profiles.get(address) as TheirProfile | undefined
    if (stored?.pending === undefined) return
    const pending = stored.pending
    let profile: PersonProfile | undefined
    let dropped: string | undefined
    try {
      const key = decodeProfileKey(fromBase64(pending))
      const sink = bytesSink(key.profile.size)
      await this.init.files.download(referenceOf(key), sink)
      const record = decodeProfileRecord(sink.bytes())
      if (record.address !== address || record.version !== key.version) throw new NodeError('REJECTED', `the profile is not ${address}'s of the version announced`)
      profile = {
        address,
        version: record.version,
        ...(record.name !== undefined ? { name: record.name } : {}),
        ...(record.picture !== undefined ? { picture: { data: toBase64(record.picture.bytes), type: record.picture.type } } : {})
      }
    } catch (err: any) {
      if (failureKind(err) === 'passing') return
      dropped = err?.message ?? String(err)
    }
    const kept = await this.lock.run(address, async () => {
      const now = await this.init.store.profiles.get(address) as TheirProfile | undefined
      // A newer key came meanwhile: that one is fetched instead, and this one is not told of.
      if (now?.pending !== pending) return false
      const { pending: _, ...before } = now
      await this.init.store.profiles.put(address, profile ?? before)
      return true
    })
    if (!kept) return
    if (profile !== undefined) this.init.events.emit({ type: 'profile', profile, own: false })
    else this.init.events.emit({ type: 'warning', message: `the profile ${address} sent could not be used: ${dropped ?? 'refused'}` })
  }

  private async own (): Promise<OwnProfile | undefined> {
    return await this.init.store.meta.get(OWN_KEY) as OwnProfile | undefined
  }
}

/** A profile without what only its store needs. */
function shown (p: PersonProfile): PersonProfile {
  return { address: p.address, version: p.version, ...(p.name !== undefined ? { name: p.name } : {}), ...(p.picture !== undefined ? { picture: p.picture } : {}) }
}

function keyOf (own: OwnProfile): ProfileKey {
  const r = own.ref
  return {
    profile: { relay: r.relay, blobId: fromHex(r.blobId), key: fromBase64(r.key), size: r.size, chunkBytes: r.chunkBytes, sha256: fromBase64(r.sha256), mediaType: PROFILE_MEDIA_TYPE, fileName: PROFILE_FILE_NAME },
    version: own.version
  }
}

function referenceOf (key: ProfileKey): StoredAttachment {
  const f = key.profile
  return { name: f.fileName, mediaType: f.mediaType, size: f.size, relay: f.relay, blobId: toHex(f.blobId), key: toBase64(f.key), sha256: toBase64(f.sha256), chunkBytes: f.chunkBytes }
}

/** How a profile's name reads in a line of text: `Alice (alice@relay)`, or the address alone. */
export function displayName (address: string, profile?: Pick<PersonProfile, 'name'>): string {
  return profile?.name !== undefined ? `${profile.name} (${address})` : address
}
