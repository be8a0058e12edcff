/** People, groups and changes for the group tests. */
import { generateIdentityKey, randomBytes, signGroupChange, type GroupAction, type GroupState, type IdentityKeyPair, type SignedGroupChange } from '../../src/index.js'
import { groupStateHash } from '../../src/groups/state.js'

export interface Person { address: string, keys: IdentityKeyPair }

export function person (name: string): Person {
  return { address: `${name}@relay.test`, keys: generateIdentityKey() }
}

/** A create by `creator` inviting `invitees`. */
export function create (creator: Person, invitees: Person[], name = 'Climbing', groupId = randomBytes(32)): SignedGroupChange {
  return signGroupChange({
    groupId, epoch: 1, prior: new Uint8Array(0), author: creator.address, madeAt: 1_700_000_000_000,
    action: { type: 'create', name, authorIdentityKey: creator.keys.publicKey, invitees: invitees.map(p => ({ address: p.address, identityKey: p.keys.publicKey })) }
  }, creator.keys.privateKey)
}

/** A change by `author` to `state`. */
export function change (state: GroupState, author: Person, action: GroupAction, signer = author.keys.privateKey): SignedGroupChange {
  return signGroupChange({ groupId: state.groupId, epoch: state.epoch + 1, prior: groupStateHash(state), author: author.address, madeAt: 1_700_000_000_000 + state.epoch, action }, signer)
}
