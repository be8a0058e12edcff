/** What a group change did, as a line in the group's conversation ("alice added bob"). */
import { memberOf, type GroupState, type SignedGroupChange } from '@parley/protocol'

/** The sentence for a change applied to `before`, making `after`. */
export function describeChange (signed: SignedGroupChange, before: GroupState | undefined, after: GroupState): string {
  const { author, action } = signed.change
  switch (action.type) {
    case 'create': return `${author} created the group "${action.name}"${action.invitees.length > 0 ? ` and invited ${names(action.invitees.map(i => i.address))}` : ''}`
    case 'invite': return `${author} invited ${names(action.invitees.map(i => i.address))}`
    case 'accept': return `${author} joined`
    case 'decline': return `${author} declined the invitation`
    case 'leave': {
      const heir = after.members.find(m => m.admin && before !== undefined && memberOf(before, m.address)?.admin === false)
      return `${author} left${heir !== undefined ? `; ${heir.address} is an admin now` : ''}`
    }
    case 'remove': return `${author} removed ${action.target}`
    case 'set-admin': return action.admin ? `${author} made ${action.target} an admin` : `${author} made ${action.target} no longer an admin`
    case 'rename': return `${author} renamed the group "${action.name}"`
  }
}

function names (addresses: string[]): string {
  if (addresses.length <= 3) return addresses.join(', ')
  return `${addresses.slice(0, 3).join(', ')} and ${addresses.length - 3} more`
}
