/**
 * Limits of the control socket. Only this user can open it, but a bug or a stray program of
 * theirs must not be able to wedge or crash the running node, so every request is bounded.
 */

/** Longest line (one JSON-RPC message) either side accepts: a 64 KiB text message with its JSON escaping fits many times. */
export const MAX_LINE_BYTES = 1024 * 1024
/** Longest piece of output sent in one write: 64 Ki UTF-16 units stay under MAX_LINE_BYTES even if every one is JSON-escaped to six bytes. */
export const WRITE_CHUNK_UNITS = 64 * 1024
/** How long one command may take from its arrival, queue included: a slow relay request or a person typing a password fits. */
export const REQUEST_DEADLINE_MS = 120_000
/** How long a connection may stay silent without a command running: a stray connection does not hold a slot. */
export const IDLE_TIMEOUT_MS = 10_000
/** Connections served at once: far more than a person runs, few enough that a runaway loop cannot exhaust descriptors. */
export const MAX_CONNECTIONS = 32
/** Most arguments in one command line. */
export const MAX_ARGS = 1000
/** Longest passphrase accepted on the socket (it is checked, never stored). */
export const MAX_PASSPHRASE_LENGTH = 4096
/** Longest socket path the kernel takes (Linux sun_path is 108 bytes with its NUL, macOS 104): beyond, the socket goes elsewhere. */
export const MAX_SOCKET_PATH_BYTES = 103
/** The socket's name in the data folder. */
export const SOCKET_NAME = 'control.sock'
/** The file in the data folder that holds the socket's path when it could not be in the folder itself. */
export const POINTER_NAME = 'control.sock.path'
