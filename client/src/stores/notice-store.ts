import { createSignal, type Accessor } from 'solid-js'

/** The one sentence shown above everything (an account deleted, a password changed, a send that failed again). */
export interface NoticeStore {
  notice: Accessor<string | undefined>
  show: (text: string) => void
  dismiss: () => void
}

/** An empty notice store. */
export function createNoticeStore (): NoticeStore {
  const [notice, setNotice] = createSignal<string>()
  return { notice, show: text => { setNotice(text) }, dismiss: () => { setNotice(undefined) } }
}
