import { parseArgs } from 'node:util'

/** The options every command takes, for help texts. */
export const GLOBAL = `Global options:
  --data <dir>             this device's data folder (PARLEY_HOME, default ~/.parley)
  --passphrase-file <f>    file holding the keystore passphrase (or PARLEY_PASSPHRASE)
  --json                   machine-readable output (one JSON document, or JSON lines for listen)
  -h, --help               help for a command`

/** Every command with its usage line and help text. */
export const COMMANDS: Record<string, { usage: string, help: string }> = {
  relay: { usage: 'parley relay [relay options]', help: 'Run a relay (see parley relay --help).' },
  register: { usage: 'parley register --relay <url> --name <name> --email <email> [--password-file <f>]', help: 'Create keys on this device and an account on the relay at <url> (for example http://127.0.0.1:8080). The relay mails a verification code. Password from --password-file or PARLEY_PASSWORD.' },
  verify: { usage: 'parley verify <code>', help: 'Confirm the emailed verification code.' },
  'resend-code': { usage: 'parley resend-code', help: 'Ask the relay to mail a new verification code.' },
  login: { usage: 'parley login [--relay <url> --name <name>] [--password-file <f>] [--code <totp> | --recovery-code <code>]', help: 'Log in (the session is bound to this device) and publish this device\'s keys. On a new device for an existing account, give --relay and --name. With two-factor login on, give the authenticator\'s code (or PARLEY_TOTP_CODE), or a recovery code; on a terminal it is asked for.' },
  logout: { usage: 'parley logout', help: 'End this device\'s session.' },
  send: { usage: 'parley send [--queue] <name@relay> <text...>', help: 'Encrypt and send a text message. Prints the message id and its state (sent = stored by the relay). With --queue, a message the relay cannot take now (it cannot be reached, or is busy) is kept on this device as waiting, and sent, in order, by the next parley inbox, listen or daemon that reaches the relay (or by parley retry).' },
  retry: { usage: 'parley retry <message id>', help: 'Send again a message that failed (under the same id, so it arrives once), or send now the messages waiting to be sent. Prints the message\'s state.' },
  'send-file': { usage: 'parley send-file [--text <caption>] <name@relay | group:id> <path>', help: 'Send a file, photo, video or voice recording of any size. It is encrypted on this device in chunks, uploaded once to your relay (resumed if the connection breaks), and the key goes to the recipient in an ordinary end-to-end encrypted message; when every device of the recipient is connected directly, it goes device to device instead (through the relay if that breaks). The CLI has no image library, so it sends photos and videos without a thumbnail (the web client makes one): the recipient sees the name, type and size until it fetches them. Progress on stderr (JSON lines with --json). Prints the message id and its state.' },
  'get-file': { usage: 'parley get-file <message-id> [--out <path> [--yes]]', help: 'Fetch the file a message carries, check every chunk against what the message says, and save it (by default under its own name in this folder, never over another file; --out --yes replaces <path>). Resumed if the connection breaks; nothing is kept of a file that fails its checks. Progress on stderr (JSON lines with --json).' },
  inbox: { usage: 'parley inbox', help: 'Fetch and decrypt waiting messages, print them in order, and acknowledge them; their senders get delivered and read receipts. A message that can never be read is acknowledged too and reported (with --json, on stderr); messages held because a contact\'s identity key changed are counted, with what to run.' },
  read: { usage: 'parley read <name@relay> [--limit <n>]', help: 'Show a conversation and mark its messages read (the sender gets a read receipt).' },
  listen: { usage: 'parley listen', help: 'Stay connected and print messages as they arrive (Ctrl-C to stop). Messages that cannot be read, or are held because a contact\'s identity key changed, are reported on stderr. Meanwhile every other parley command on this folder is served by it (see parley daemon --help).' },
  daemon: { usage: 'parley daemon', help: 'Stay connected like listen, but print nothing as messages arrive: they wait for parley inbox. Meanwhile every other parley command on this folder is served by it (through a control socket only this user can open), with the same output and exit status as when it runs alone. Ctrl-C to stop.' },
  lan: { usage: 'parley lan --name <name> [--listen <multiaddr,...>]', help: 'Chat on the local network with no relay: find other devices by mDNS and talk to them directly as <name>@lan. There is no directory, so compare safety numbers before trusting a name. Messages are typed as "<name>: <text>"; /help lists the commands.' },
  history: { usage: 'parley history <name@relay> [--limit <n>]', help: 'Show the conversation with a contact, with each message\'s state.' },
  group: {
    usage: 'parley group (create <name> [<name@relay>...] | invite <group> <name@relay>... | accept|decline|leave|info|read <group> | remove <group> <name@relay> | admin <group> <name@relay> [--off] | rename <group> <name...> | send <group> <text...> | receipts <group> <message id> | list)',
    help: 'Group chats of up to 5,000 people, end to end encrypted with a key per sender. A group is named by its id or the first 8 or more hex digits of it (parley group list shows them). create makes a group and invites people; invite, remove, admin (--off to unmake) and rename are for admins; the invited accept or decline; info shows the members; send writes to the group (parley send group:<id> <text> does too); read shows the conversation, with lines for each change; receipts shows who has one of your messages and who read it.'
  },
  profile: { usage: 'parley profile [--name <name>] [--picture <file> | --no-picture] | parley profile [<name@relay>]', help: 'Set your display name and picture (a JPEG, PNG or WebP of at most 256 KiB; the CLI sends it as it is, it does not resize), or show yours, or show the one a contact sent. A profile is encrypted on this device, kept on your relay as an opaque blob, and its key goes end to end to your contacts and groups. What you leave out is kept; --no-picture removes the picture.' },
  contacts: { usage: 'parley contacts', help: 'List contacts and their pinned identity keys.' },
  trust: { usage: 'parley trust <name@relay> [--number <60 digits>] | parley trust --refuse <name@relay>', help: 'Accept a contact\'s changed identity key. Compare the new safety number first (parley safety-number shows it); with --number, the key is accepted only if the digits match, and the contact is verified. Messages held while the key waited are then delivered (those signed under another key are discarded). With --refuse, the key you had accepted before stays and the held messages are discarded.' },
  'safety-number': { usage: 'parley safety-number <name@relay>', help: 'Show the safety number (and its QR code) of a contact: compare it with theirs, in person or on a call.' },
  'verify-contact': { usage: 'parley verify-contact <name@relay> [--number <60 digits>]', help: 'Mark a contact verified once the safety numbers match (with --number, only if the given number matches).' },
  whoami: { usage: 'parley whoami', help: 'Show this device\'s address, relay and PeerId.' },
  account: { usage: 'parley account', help: 'Show the account as the relay has it: address, email, two-factor login, recovery codes left.' },
  '2fa-enrol': { usage: 'parley 2fa-enrol', help: 'Start two-factor login: shows a QR code (and the secret) for an authenticator app. It takes effect after 2fa-confirm.' },
  '2fa-confirm': { usage: 'parley 2fa-confirm <code>', help: 'Turn two-factor login on with the app\'s current code. Prints ten one-time recovery codes: keep them safe, they are shown once.' },
  '2fa-disable': { usage: 'parley 2fa-disable (--code <totp> | --recovery-code <code>)', help: 'Turn two-factor login off; needs a current code or a recovery code.' },
  'recovery-codes': { usage: 'parley recovery-codes (--code <totp> | --recovery-code <code>)', help: 'Replace the recovery codes; the old ones stop working. Needs a current code or a recovery code.' },
  sessions: { usage: 'parley sessions', help: 'List the account\'s sessions: one per logged-in device, with when it was created and last seen.' },
  revoke: { usage: 'parley revoke (<session id>... | --others | --all)', help: 'End sessions: by id, every other device\'s, or all (this device too). Their connections are cut at once.' },
  'change-email': { usage: 'parley change-email <new address>', help: 'Change the account\'s email address: a code is mailed to the new address; confirm it with confirm-email.' },
  'confirm-email': { usage: 'parley confirm-email <code>', help: 'Confirm the new email address with the mailed code. The old address is told of the change.' },
  'forgot-password': { usage: 'parley forgot-password [--relay <url> --name <name>]', help: 'Mail a password reset code to the account\'s address (if the account exists).' },
  'reset-password': { usage: 'parley reset-password <code> [--relay <url> --name <name>] [--new-password-file <f>]', help: 'Set a new password with the mailed code (new password from --new-password-file or PARLEY_NEW_PASSWORD). Every session of the account ends.' },
  'delete-account': { usage: 'parley delete-account --yes [--password-file <f>] [--code <totp> | --recovery-code <code>]', help: 'Delete the account on the relay, with its published keys and waiting mail. Cannot be undone.' }
}

/** The top-level help. */
export function usage (): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(15)} ${c.help.split('. ')[0]?.replace(/\.$/, '')}`)
  return `parley: end-to-end encrypted messaging from the terminal\n\nUsage: parley <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL}\n`
}

/** Options every command accepts (each command uses some of them). */
const OPTIONS = {
  data: { type: 'string' }, 'passphrase-file': { type: 'string' }, 'password-file': { type: 'string' },
  json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  relay: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, limit: { type: 'string' },
  code: { type: 'string' }, 'recovery-code': { type: 'string' }, 'new-password-file': { type: 'string' },
  listen: { type: 'string' }, all: { type: 'boolean' }, others: { type: 'boolean' }, yes: { type: 'boolean' }, number: { type: 'string' }, refuse: { type: 'boolean' }, queue: { type: 'boolean' }, off: { type: 'boolean' },
  text: { type: 'string' }, out: { type: 'string' }, cwd: { type: 'string' }, picture: { type: 'string' }, 'no-picture': { type: 'boolean' }
} as const

/** A command's options and positional arguments as parsed. */
export type ParsedArgs = ReturnType<typeof parseArgs<{ args: string[], allowPositionals: true, strict: true, options: typeof OPTIONS }>>

/** Parses a command's arguments; throws (node:util's TypeError) on an unknown or malformed option. */
export function parseCommandArgs (args: string[]): ParsedArgs {
  return parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS })
}

/** Commands that run a node that stays up, serving the others; they never go through one. */
export const SERVING_COMMANDS: ReadonlySet<string> = new Set(['listen', 'daemon', 'lan'])

/** Commands that may set up a new device in an empty folder; every other one needs the device that is there. */
export function createsDevice (command: string, values: { relay?: string, name?: string }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (command === 'register' || command === 'lan') return true
  // Logging in to an existing account from a new folder makes this device; a password reset from
  // one needs none (it runs keyless, see keyless-commands.ts).
  return command === 'login' &&
    values.name !== undefined && (values.relay ?? env.PARLEY_RELAY) !== undefined
}
