import type { RelayEndpoint } from '../relay-client.js'

/** Who this device belongs to and where its home relay is. */
export interface Profile {
  name: string
  address: string
  email: string
  relayUrl: string
  relay: RelayEndpoint
}
