import { createResource, Show } from 'solid-js'

interface RelayInfo { name: string, peerId: string, multiaddrs: string[] }

async function loadRelay (): Promise<RelayInfo> {
  const res = await fetch('/.well-known/parley')
  if (!res.ok) throw new Error(`the relay answered ${res.status}`)
  return await res.json() as RelayInfo
}

/** The web client's shell: shows which relay serves it. */
export function App () {
  const [relay] = createResource(loadRelay)
  return (
    <main class="shell">
      <h1>Parley</h1>
      <p class="tagline">End-to-end encrypted messages, peer to peer when you can, through your relay when you can't.</p>
      <Show when={relay()} fallback={<p class="status">{relay.error !== undefined ? 'This relay could not be reached.' : 'Connecting to the relay…'}</p>}>
        {info => (
          <section class="status" data-testid="relay-info">
            <p>Served by relay <strong>{info().name}</strong>.</p>
            <p class="muted">The browser messenger is coming; today, use the <code>parley</code> command-line client with this relay.</p>
          </section>
        )}
      </Show>
    </main>
  )
}
