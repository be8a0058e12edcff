import { Level } from 'level'

/** The node's local database (LevelDB in Node, IndexedDB in browsers), one sublevel per concern. */
export class NodeStore {
  readonly level: Level<string, unknown>
  readonly meta
  readonly contacts
  readonly messages
  readonly messageIndex
  readonly held
  readonly rejected

  constructor (location: string) {
    this.level = new Level<string, unknown>(location, { keyEncoding: 'utf8', valueEncoding: 'json' })
    this.meta = this.level.sublevel<string, any>('meta', { valueEncoding: 'json' })
    this.contacts = this.level.sublevel<string, any>('contacts', { valueEncoding: 'json' })
    this.messages = this.level.sublevel<string, any>('messages', { valueEncoding: 'json' })
    this.messageIndex = this.level.sublevel<string, string>('message-index', { valueEncoding: 'json' })
    this.held = this.level.sublevel<string, any>('held', { valueEncoding: 'json' })
    this.rejected = this.level.sublevel<string, any>('rejected', { valueEncoding: 'json' })
  }

  async open (): Promise<void> { await this.level.open() }
  async close (): Promise<void> { await this.level.close() }
}
