/** "1 message" or "N messages". */
export function heldCount (count: number): string {
  return count === 1 ? '1 message' : `${count} messages`
}

/** Why messages from `peer` are not shown yet, in a sentence. */
export function heldSentence (count: number, peer: string): string {
  return `${heldCount(count)} from ${peer} ${count === 1 ? 'is' : 'are'} waiting: ${peer}'s security key changed. ${count === 1 ? 'It is' : 'They are'} shown once you compare safety numbers and accept the new key.`
}
