import { NodeError, RelayRequestError } from '../errors.js'
import { accountFlags, callOptions, factorFlags, requiredFactor, usageFailure, type CommandHandler, type DevicelessContext } from './context.js'
import { secondFactorFrom } from './second-factor.js'

/** The account commands: registration, login, two-factor login, sessions, email and password, deletion. */
export const ACCOUNT_COMMANDS: Record<string, CommandHandler> = {
  register: async ctx => {
    const { node, values, io, out } = ctx
    const relayUrl = values.relay ?? process.env.PARLEY_RELAY
    if (relayUrl === undefined || values.name === undefined || values.email === undefined) throw usageFailure(ctx)
    const password = await io.secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
    const profile = await node.register({ relayUrl, name: values.name, email: values.email, password }, callOptions(ctx))
    void out(`Registered ${profile.address}. A verification code was mailed to ${profile.email}: run parley verify <code>, then parley login.`, { address: profile.address, relay: profile.relay.name, peerId: node.peerId })
  },
  verify: async ctx => {
    const { node, positionals, out } = ctx
    const code = positionals[0]
    if (code === undefined) throw usageFailure(ctx)
    await node.verify(code, callOptions(ctx))
    void out(`Verified ${node.address}. Now run parley login.`, { address: node.address, verified: true })
  },
  'resend-code': async ctx => {
    const { node, out } = ctx
    await node.resendCode(callOptions(ctx))
    void out('A new code is on its way (if the account is still unverified).', { ok: true })
  },
  login: async ctx => {
    const { node, values, io, out } = ctx
    const password = await io.secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
    const account = accountFlags(ctx)
    if (node.profile === undefined && account === undefined) throw new NodeError('NOT_REGISTERED', 'this device has no account yet: register, or log in to an existing account with --relay <url> --name <name>')
    let secondFactor = factorFlags(ctx)
    let session
    try {
      session = await node.login(password, { ...(account !== undefined ? { account } : {}), ...(secondFactor !== undefined ? { secondFactor } : {}) }, callOptions(ctx))
    } catch (err) {
      if (!(err instanceof RelayRequestError) || err.relayCode !== 'SECOND_FACTOR_REQUIRED' || !io.interactive) throw err
      secondFactor = secondFactorFrom(await io.askHidden('Code from the authenticator app (or a recovery code): ')) ?? { totpCode: '' }
      session = await node.login(password, { ...(account !== undefined ? { account } : {}), secondFactor }, callOptions(ctx))
    }
    void out(`Logged in as ${node.address}; this device's keys are published.`, { address: node.address, peerId: node.peerId, expiresAt: session.expiresAt })
  },
  logout: async ctx => {
    const { node, out } = ctx
    await node.logout(callOptions(ctx))
    void out('Logged out.', { ok: true })
  },
  whoami: async ctx => {
    const { node, out } = ctx
    void out(node.profile === undefined ? `Not registered. PeerId ${node.peerId}` : `${node.address} on ${node.profile.relayUrl}, PeerId ${node.peerId}`, { address: node.profile?.address ?? null, relay: node.profile?.relayUrl ?? null, peerId: node.peerId })
  },
  account: async ctx => {
    const { node, out } = ctx
    const info = await node.accountInfo(callOptions(ctx))
    void out(`${info.user} <${info.email}>${info.pendingEmail !== undefined ? ` (changing to ${info.pendingEmail}: confirm-email)` : ''}\ntwo-factor login: ${info.totpEnabled ? `on, ${info.recoveryCodesLeft} recovery codes left` : 'off (turn it on with 2fa-enrol)'}`, info)
  },
  '2fa-enrol': async ctx => {
    const { node, json, out, raw } = ctx
    const { uri, secret: key } = await node.enrolTotp(callOptions(ctx))
    if (json) void out('', { uri, secret: key })
    else {
      const QRCode = await import('qrcode')
      const qr = await QRCode.toString(uri, { type: 'terminal', small: true, errorCorrectionLevel: 'M' })
      void raw(`Scan this with an authenticator app:\n\n${qr}\nOr enter the key by hand: ${key.replace(/(.{4})/g, '$1 ').trim()}\n(${uri})\n\nThen confirm with: parley 2fa-confirm <code>\n`)
    }
  },
  '2fa-confirm': async ctx => {
    const { node, positionals, out } = ctx
    const code = positionals[0]
    if (code === undefined) throw usageFailure(ctx)
    const codes = await node.confirmTotp(code, callOptions(ctx))
    void out(`Two-factor login is on. Recovery codes, each usable once instead of a code (they will not be shown again):\n\n${codes.map(c => `  ${c}`).join('\n')}\n`, { enabled: true, recoveryCodes: codes })
  },
  '2fa-disable': async ctx => {
    const { node, out } = ctx
    await node.disableTotp(requiredFactor(ctx), callOptions(ctx))
    void out('Two-factor login is off.', { enabled: false })
  },
  'recovery-codes': async ctx => {
    const { node, out } = ctx
    const codes = await node.regenerateRecoveryCodes(requiredFactor(ctx), callOptions(ctx))
    void out(`New recovery codes (the old ones no longer work):\n\n${codes.map(c => `  ${c}`).join('\n')}\n`, { recoveryCodes: codes })
  },
  sessions: async ctx => {
    const { node, json, out } = ctx
    const list = await node.sessions(callOptions(ctx))
    const when = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16)
    if (json) void out('', list)
    else void out(list.map(x => `${x.id}  ${x.peerId}  created ${when(x.createdAt)}  last seen ${when(x.lastSeen)}${x.current ? '  (this device)' : ''}`).join('\n'), undefined)
  },
  revoke: async ctx => {
    const { node, values, positionals, out } = ctx
    if (positionals.length === 0 && values.all !== true && values.others !== true) throw usageFailure(ctx)
    await node.revokeSessions({ ids: positionals, all: values.all === true, others: values.others === true }, callOptions(ctx))
    void out(values.all === true ? 'Every session has ended, this device\'s too.' : 'Revoked.', { ok: true })
  },
  'change-email': async ctx => {
    const { node, positionals, out } = ctx
    const email = positionals[0]
    if (email === undefined) throw usageFailure(ctx)
    await node.changeEmail(email, callOptions(ctx))
    void out(`A code was mailed to ${email}: confirm it with parley confirm-email <code>.`, { pendingEmail: email })
  },
  'confirm-email': async ctx => {
    const { node, positionals, out } = ctx
    const code = positionals[0]
    if (code === undefined) throw usageFailure(ctx)
    await node.confirmEmail(code, callOptions(ctx))
    void out('The email address is changed.', { ok: true })
  },
  'forgot-password': async ctx => {
    await forgotPassword(ctx, async () => { await ctx.node.requestPasswordReset(accountFlags(ctx), callOptions(ctx)) })
  },
  'reset-password': async ctx => {
    await resetPassword(ctx, async (code, password) => { await ctx.node.resetPassword(code, password, accountFlags(ctx), callOptions(ctx)) })
  },
  'delete-account': async ctx => {
    const { node, values, io, out } = ctx
    if (values.yes !== true) throw new NodeError('BAD_INPUT', 'deleting the account cannot be undone: add --yes to confirm')
    const password = await io.secret(values['password-file'], 'PARLEY_PASSWORD', 'Account password')
    const factor = factorFlags(ctx)
    const address = node.address
    await node.deleteAccount(password, factor, callOptions(ctx))
    void out(`${address} is deleted, with its keys and waiting mail.`, { deleted: address })
  }
}

/** `forgot-password`, through this device's node or a keyless client: `request` asks for the code. */
export async function forgotPassword (ctx: DevicelessContext, request: () => Promise<void>): Promise<void> {
  await request()
  void ctx.out('If that account exists, a reset code is on its way to its email address. Then: parley reset-password <code>.', { ok: true })
}

/** `reset-password <code>`, through this device's node or a keyless client: `reset` sets the new password. */
export async function resetPassword (ctx: DevicelessContext, reset: (code: string, newPassword: string) => Promise<void>): Promise<void> {
  const code = ctx.positionals[0]
  if (code === undefined) throw usageFailure(ctx)
  const password = await ctx.io.secret(ctx.values['new-password-file'], 'PARLEY_NEW_PASSWORD', 'New password')
  await reset(code, password)
  void ctx.out('The password is changed and every session has ended: log in again.', { ok: true })
}
