import { createContext, useContext, type JSX } from 'solid-js'
import type { Stores } from './index.js'

const StoresContext = createContext<Stores>()

/** Shares `props.stores` with every component below it. */
export function StoresProvider (props: { stores: Stores, children: JSX.Element }): JSX.Element {
  return <StoresContext.Provider value={props.stores}>{props.children}</StoresContext.Provider>
}

function useStores (): Stores {
  const stores = useContext(StoresContext)
  if (stores === undefined) throw new Error('a component that uses the stores is rendered outside <StoresProvider>')
  return stores
}

/** The session store (phase, unlock, login, logout). */
export const useSession = (): Stores['session'] => useStores().session
/** The conversations and messages store. */
export const useConversations = (): Stores['conversations'] => useStores().conversations
/** The contacts' keys store (key changes, held messages, safety numbers). */
export const useTrust = (): Stores['trust'] => useStores().trust
/** The relay connection store. */
export const useConnection = (): Stores['connection'] => useStores().connection
/** The account store (email, sessions, two-factor login). */
export const useAccount = (): Stores['account'] => useStores().account
/** This browser's settings store. */
export const useSettings = (): Stores['settings'] => useStores().settings
/** The notice store. */
export const useNotice = (): Stores['notice'] => useStores().notice
/** The groups store. */
export const useGroups = (): Stores['groups'] => useStores().groups
/** The attention store (unread count in the title, notifications). */
export const useAttention = (): Stores['attention'] => useStores().attention
/** The password reset store. */
export const usePasswordReset = (): Stores['passwordReset'] => useStores().passwordReset
/** The files store (uploads, fetches, previews). */
export const useFiles = (): Stores['files'] => useStores().files
/** The profiles store (display names and pictures). */
export const useProfiles = (): Stores['profiles'] => useStores().profiles
