/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Request {
  version: number
  id: number
  register?: Register
  verify?: Verify
  login?: Login
  authenticate?: Authenticate
  publishBundle?: PublishBundle
  fetchBundles?: FetchBundles
  deposit?: Deposit
  fetchMail?: FetchMail
  ackMail?: AckMail
  subscribe?: Subscribe
  logout?: Logout
  resendCode?: ResendCode
  totpEnrol?: TotpEnrol
  totpConfirm?: TotpConfirm
  totpDisable?: TotpDisable
  regenerateRecoveryCodes?: RegenerateRecoveryCodes
  listSessions?: ListSessions
  revokeSessions?: RevokeSessions
  changeEmail?: ChangeEmail
  confirmEmail?: ConfirmEmail
  requestPasswordReset?: RequestPasswordReset
  resetPassword?: ResetPassword
  deleteAccount?: DeleteAccount
  accountInfo?: AccountInfo
  noteContact?: NoteContact
  watchDevices?: WatchDevices
  depositMany?: DepositMany
  groupMembers?: GroupMembers
  groupPost?: GroupPost
  groupFetch?: GroupFetch
  groupAck?: GroupAck
  groupRead?: GroupRead
  groupReceipts?: GroupReceiptsRequest
  groupLeave?: GroupLeave
  fetchBundlesMany?: FetchBundlesMany
}

export namespace Request {
  let _codec: Codec<Request>

  export const codec = (): Codec<Request> => {
    if (_codec == null) {
      _codec = message<Request>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.fetchBundlesMany != null) {
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupLeave != null) {
          obj.fetchBundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupReceipts != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupRead != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupAck != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupFetch != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupPost != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.groupMembers != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.depositMany != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.watchDevices != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.noteContact != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.accountInfo != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.deleteAccount != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.resetPassword != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.requestPasswordReset != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.confirmEmail != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.changeEmail != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.revokeSessions != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.listSessions != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.regenerateRecoveryCodes != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.totpDisable != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.totpConfirm != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.totpEnrol != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.resendCode != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.logout != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.subscribe != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.ackMail != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.fetchMail != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.deposit != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.fetchBundles != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.publishBundle != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.authenticate != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.login = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.login != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.verify = undefined
          obj.register = undefined
        }

        if (obj.verify != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.register = undefined
        }

        if (obj.register != null) {
          obj.fetchBundlesMany = undefined
          obj.groupLeave = undefined
          obj.groupReceipts = undefined
          obj.groupRead = undefined
          obj.groupAck = undefined
          obj.groupFetch = undefined
          obj.groupPost = undefined
          obj.groupMembers = undefined
          obj.depositMany = undefined
          obj.watchDevices = undefined
          obj.noteContact = undefined
          obj.accountInfo = undefined
          obj.deleteAccount = undefined
          obj.resetPassword = undefined
          obj.requestPasswordReset = undefined
          obj.confirmEmail = undefined
          obj.changeEmail = undefined
          obj.revokeSessions = undefined
          obj.listSessions = undefined
          obj.regenerateRecoveryCodes = undefined
          obj.totpDisable = undefined
          obj.totpConfirm = undefined
          obj.totpEnrol = undefined
          obj.resendCode = undefined
          obj.logout = undefined
          obj.subscribe = undefined
          obj.ackMail = undefined
          obj.fetchMail = undefined
          obj.deposit = undefined
          obj.fetchBundles = undefined
          obj.publishBundle = undefined
          obj.authenticate = undefined
          obj.login = undefined
          obj.verify = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(16)
          w.uint32(obj.id)
        }

        if (obj.register != null) {
          w.uint32(82)
          Register.codec().encode(obj.register, w)
        }

        if (obj.verify != null) {
          w.uint32(90)
          Verify.codec().encode(obj.verify, w)
        }

        if (obj.login != null) {
          w.uint32(98)
          Login.codec().encode(obj.login, w)
        }

        if (obj.authenticate != null) {
          w.uint32(106)
          Authenticate.codec().encode(obj.authenticate, w)
        }

        if (obj.publishBundle != null) {
          w.uint32(114)
          PublishBundle.codec().encode(obj.publishBundle, w)
        }

        if (obj.fetchBundles != null) {
          w.uint32(122)
          FetchBundles.codec().encode(obj.fetchBundles, w)
        }

        if (obj.deposit != null) {
          w.uint32(130)
          Deposit.codec().encode(obj.deposit, w)
        }

        if (obj.fetchMail != null) {
          w.uint32(138)
          FetchMail.codec().encode(obj.fetchMail, w)
        }

        if (obj.ackMail != null) {
          w.uint32(146)
          AckMail.codec().encode(obj.ackMail, w)
        }

        if (obj.subscribe != null) {
          w.uint32(154)
          Subscribe.codec().encode(obj.subscribe, w)
        }

        if (obj.logout != null) {
          w.uint32(162)
          Logout.codec().encode(obj.logout, w)
        }

        if (obj.resendCode != null) {
          w.uint32(170)
          ResendCode.codec().encode(obj.resendCode, w)
        }

        if (obj.totpEnrol != null) {
          w.uint32(178)
          TotpEnrol.codec().encode(obj.totpEnrol, w)
        }

        if (obj.totpConfirm != null) {
          w.uint32(186)
          TotpConfirm.codec().encode(obj.totpConfirm, w)
        }

        if (obj.totpDisable != null) {
          w.uint32(194)
          TotpDisable.codec().encode(obj.totpDisable, w)
        }

        if (obj.regenerateRecoveryCodes != null) {
          w.uint32(202)
          RegenerateRecoveryCodes.codec().encode(obj.regenerateRecoveryCodes, w)
        }

        if (obj.listSessions != null) {
          w.uint32(210)
          ListSessions.codec().encode(obj.listSessions, w)
        }

        if (obj.revokeSessions != null) {
          w.uint32(218)
          RevokeSessions.codec().encode(obj.revokeSessions, w)
        }

        if (obj.changeEmail != null) {
          w.uint32(226)
          ChangeEmail.codec().encode(obj.changeEmail, w)
        }

        if (obj.confirmEmail != null) {
          w.uint32(234)
          ConfirmEmail.codec().encode(obj.confirmEmail, w)
        }

        if (obj.requestPasswordReset != null) {
          w.uint32(242)
          RequestPasswordReset.codec().encode(obj.requestPasswordReset, w)
        }

        if (obj.resetPassword != null) {
          w.uint32(250)
          ResetPassword.codec().encode(obj.resetPassword, w)
        }

        if (obj.deleteAccount != null) {
          w.uint32(258)
          DeleteAccount.codec().encode(obj.deleteAccount, w)
        }

        if (obj.accountInfo != null) {
          w.uint32(266)
          AccountInfo.codec().encode(obj.accountInfo, w)
        }

        if (obj.noteContact != null) {
          w.uint32(274)
          NoteContact.codec().encode(obj.noteContact, w)
        }

        if (obj.watchDevices != null) {
          w.uint32(282)
          WatchDevices.codec().encode(obj.watchDevices, w)
        }

        if (obj.depositMany != null) {
          w.uint32(290)
          DepositMany.codec().encode(obj.depositMany, w)
        }

        if (obj.groupMembers != null) {
          w.uint32(298)
          GroupMembers.codec().encode(obj.groupMembers, w)
        }

        if (obj.groupPost != null) {
          w.uint32(306)
          GroupPost.codec().encode(obj.groupPost, w)
        }

        if (obj.groupFetch != null) {
          w.uint32(314)
          GroupFetch.codec().encode(obj.groupFetch, w)
        }

        if (obj.groupAck != null) {
          w.uint32(322)
          GroupAck.codec().encode(obj.groupAck, w)
        }

        if (obj.groupRead != null) {
          w.uint32(330)
          GroupRead.codec().encode(obj.groupRead, w)
        }

        if (obj.groupReceipts != null) {
          w.uint32(338)
          GroupReceiptsRequest.codec().encode(obj.groupReceipts, w)
        }

        if (obj.groupLeave != null) {
          w.uint32(346)
          GroupLeave.codec().encode(obj.groupLeave, w)
        }

        if (obj.fetchBundlesMany != null) {
          w.uint32(354)
          FetchBundlesMany.codec().encode(obj.fetchBundlesMany, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          id: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.id = reader.uint32()
              break
            }
            case 10: {
              obj.register = Register.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.register
              })
              break
            }
            case 11: {
              obj.verify = Verify.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.verify
              })
              break
            }
            case 12: {
              obj.login = Login.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.login
              })
              break
            }
            case 13: {
              obj.authenticate = Authenticate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.authenticate
              })
              break
            }
            case 14: {
              obj.publishBundle = PublishBundle.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.publishBundle
              })
              break
            }
            case 15: {
              obj.fetchBundles = FetchBundles.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetchBundles
              })
              break
            }
            case 16: {
              obj.deposit = Deposit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposit
              })
              break
            }
            case 17: {
              obj.fetchMail = FetchMail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetchMail
              })
              break
            }
            case 18: {
              obj.ackMail = AckMail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ackMail
              })
              break
            }
            case 19: {
              obj.subscribe = Subscribe.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.subscribe
              })
              break
            }
            case 20: {
              obj.logout = Logout.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.logout
              })
              break
            }
            case 21: {
              obj.resendCode = ResendCode.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.resendCode
              })
              break
            }
            case 22: {
              obj.totpEnrol = TotpEnrol.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.totpEnrol
              })
              break
            }
            case 23: {
              obj.totpConfirm = TotpConfirm.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.totpConfirm
              })
              break
            }
            case 24: {
              obj.totpDisable = TotpDisable.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.totpDisable
              })
              break
            }
            case 25: {
              obj.regenerateRecoveryCodes = RegenerateRecoveryCodes.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.regenerateRecoveryCodes
              })
              break
            }
            case 26: {
              obj.listSessions = ListSessions.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.listSessions
              })
              break
            }
            case 27: {
              obj.revokeSessions = RevokeSessions.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.revokeSessions
              })
              break
            }
            case 28: {
              obj.changeEmail = ChangeEmail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.changeEmail
              })
              break
            }
            case 29: {
              obj.confirmEmail = ConfirmEmail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.confirmEmail
              })
              break
            }
            case 30: {
              obj.requestPasswordReset = RequestPasswordReset.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.requestPasswordReset
              })
              break
            }
            case 31: {
              obj.resetPassword = ResetPassword.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.resetPassword
              })
              break
            }
            case 32: {
              obj.deleteAccount = DeleteAccount.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deleteAccount
              })
              break
            }
            case 33: {
              obj.accountInfo = AccountInfo.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.accountInfo
              })
              break
            }
            case 34: {
              obj.noteContact = NoteContact.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.noteContact
              })
              break
            }
            case 35: {
              obj.watchDevices = WatchDevices.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.watchDevices
              })
              break
            }
            case 36: {
              obj.depositMany = DepositMany.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.depositMany
              })
              break
            }
            case 37: {
              obj.groupMembers = GroupMembers.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupMembers
              })
              break
            }
            case 38: {
              obj.groupPost = GroupPost.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupPost
              })
              break
            }
            case 39: {
              obj.groupFetch = GroupFetch.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupFetch
              })
              break
            }
            case 40: {
              obj.groupAck = GroupAck.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupAck
              })
              break
            }
            case 41: {
              obj.groupRead = GroupRead.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupRead
              })
              break
            }
            case 42: {
              obj.groupReceipts = GroupReceiptsRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupReceipts
              })
              break
            }
            case 43: {
              obj.groupLeave = GroupLeave.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupLeave
              })
              break
            }
            case 44: {
              obj.fetchBundlesMany = FetchBundlesMany.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetchBundlesMany
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.fetchBundlesMany != null) {
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupLeave != null) {
          delete obj.fetchBundlesMany
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupReceipts != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupRead != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupAck != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupFetch != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupPost != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.groupMembers != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.depositMany != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.watchDevices != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.noteContact != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.accountInfo != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.deleteAccount != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.resetPassword != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.requestPasswordReset != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.confirmEmail != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.changeEmail != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.revokeSessions != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.listSessions != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.regenerateRecoveryCodes != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.totpDisable != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.totpConfirm != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.totpEnrol != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.resendCode != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.logout != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.subscribe != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.ackMail != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.fetchMail != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.deposit != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.fetchBundles != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.publishBundle != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.authenticate
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.authenticate != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.login
          delete obj.verify
          delete obj.register
        }

        if (obj.login != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.verify
          delete obj.register
        }

        if (obj.verify != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.register
        }

        if (obj.register != null) {
          delete obj.fetchBundlesMany
          delete obj.groupLeave
          delete obj.groupReceipts
          delete obj.groupRead
          delete obj.groupAck
          delete obj.groupFetch
          delete obj.groupPost
          delete obj.groupMembers
          delete obj.depositMany
          delete obj.watchDevices
          delete obj.noteContact
          delete obj.accountInfo
          delete obj.deleteAccount
          delete obj.resetPassword
          delete obj.requestPasswordReset
          delete obj.confirmEmail
          delete obj.changeEmail
          delete obj.revokeSessions
          delete obj.listSessions
          delete obj.regenerateRecoveryCodes
          delete obj.totpDisable
          delete obj.totpConfirm
          delete obj.totpEnrol
          delete obj.resendCode
          delete obj.logout
          delete obj.subscribe
          delete obj.ackMail
          delete obj.fetchMail
          delete obj.deposit
          delete obj.fetchBundles
          delete obj.publishBundle
          delete obj.authenticate
          delete obj.login
          delete obj.verify
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield * Register.codec().stream(reader, reader.uint32(), `${prefix}.register`, {
                limits: opts.limits?.register
              })

              break
            }
            case 11: {
              yield * Verify.codec().stream(reader, reader.uint32(), `${prefix}.verify`, {
                limits: opts.limits?.verify
              })

              break
            }
            case 12: {
              yield * Login.codec().stream(reader, reader.uint32(), `${prefix}.login`, {
                limits: opts.limits?.login
              })

              break
            }
            case 13: {
              yield * Authenticate.codec().stream(reader, reader.uint32(), `${prefix}.authenticate`, {
                limits: opts.limits?.authenticate
              })

              break
            }
            case 14: {
              yield * PublishBundle.codec().stream(reader, reader.uint32(), `${prefix}.publishBundle`, {
                limits: opts.limits?.publishBundle
              })

              break
            }
            case 15: {
              yield * FetchBundles.codec().stream(reader, reader.uint32(), `${prefix}.fetchBundles`, {
                limits: opts.limits?.fetchBundles
              })

              break
            }
            case 16: {
              yield * Deposit.codec().stream(reader, reader.uint32(), `${prefix}.deposit`, {
                limits: opts.limits?.deposit
              })

              break
            }
            case 17: {
              yield * FetchMail.codec().stream(reader, reader.uint32(), `${prefix}.fetchMail`, {
                limits: opts.limits?.fetchMail
              })

              break
            }
            case 18: {
              yield * AckMail.codec().stream(reader, reader.uint32(), `${prefix}.ackMail`, {
                limits: opts.limits?.ackMail
              })

              break
            }
            case 19: {
              yield * Subscribe.codec().stream(reader, reader.uint32(), `${prefix}.subscribe`, {
                limits: opts.limits?.subscribe
              })

              break
            }
            case 20: {
              yield * Logout.codec().stream(reader, reader.uint32(), `${prefix}.logout`, {
                limits: opts.limits?.logout
              })

              break
            }
            case 21: {
              yield * ResendCode.codec().stream(reader, reader.uint32(), `${prefix}.resendCode`, {
                limits: opts.limits?.resendCode
              })

              break
            }
            case 22: {
              yield * TotpEnrol.codec().stream(reader, reader.uint32(), `${prefix}.totpEnrol`, {
                limits: opts.limits?.totpEnrol
              })

              break
            }
            case 23: {
              yield * TotpConfirm.codec().stream(reader, reader.uint32(), `${prefix}.totpConfirm`, {
                limits: opts.limits?.totpConfirm
              })

              break
            }
            case 24: {
              yield * TotpDisable.codec().stream(reader, reader.uint32(), `${prefix}.totpDisable`, {
                limits: opts.limits?.totpDisable
              })

              break
            }
            case 25: {
              yield * RegenerateRecoveryCodes.codec().stream(reader, reader.uint32(), `${prefix}.regenerateRecoveryCodes`, {
                limits: opts.limits?.regenerateRecoveryCodes
              })

              break
            }
            case 26: {
              yield * ListSessions.codec().stream(reader, reader.uint32(), `${prefix}.listSessions`, {
                limits: opts.limits?.listSessions
              })

              break
            }
            case 27: {
              yield * RevokeSessions.codec().stream(reader, reader.uint32(), `${prefix}.revokeSessions`, {
                limits: opts.limits?.revokeSessions
              })

              break
            }
            case 28: {
              yield * ChangeEmail.codec().stream(reader, reader.uint32(), `${prefix}.changeEmail`, {
                limits: opts.limits?.changeEmail
              })

              break
            }
            case 29: {
              yield * ConfirmEmail.codec().stream(reader, reader.uint32(), `${prefix}.confirmEmail`, {
                limits: opts.limits?.confirmEmail
              })

              break
            }
            case 30: {
              yield * RequestPasswordReset.codec().stream(reader, reader.uint32(), `${prefix}.requestPasswordReset`, {
                limits: opts.limits?.requestPasswordReset
              })

              break
            }
            case 31: {
              yield * ResetPassword.codec().stream(reader, reader.uint32(), `${prefix}.resetPassword`, {
                limits: opts.limits?.resetPassword
              })

              break
            }
            case 32: {
              yield * DeleteAccount.codec().stream(reader, reader.uint32(), `${prefix}.deleteAccount`, {
                limits: opts.limits?.deleteAccount
              })

              break
            }
            case 33: {
              yield * AccountInfo.codec().stream(reader, reader.uint32(), `${prefix}.accountInfo`, {
                limits: opts.limits?.accountInfo
              })

              break
            }
            case 34: {
              yield * NoteContact.codec().stream(reader, reader.uint32(), `${prefix}.noteContact`, {
                limits: opts.limits?.noteContact
              })

              break
            }
            case 35: {
              yield * WatchDevices.codec().stream(reader, reader.uint32(), `${prefix}.watchDevices`, {
                limits: opts.limits?.watchDevices
              })

              break
            }
            case 36: {
              yield * DepositMany.codec().stream(reader, reader.uint32(), `${prefix}.depositMany`, {
                limits: opts.limits?.depositMany
              })

              break
            }
            case 37: {
              yield * GroupMembers.codec().stream(reader, reader.uint32(), `${prefix}.groupMembers`, {
                limits: opts.limits?.groupMembers
              })

              break
            }
            case 38: {
              yield * GroupPost.codec().stream(reader, reader.uint32(), `${prefix}.groupPost`, {
                limits: opts.limits?.groupPost
              })

              break
            }
            case 39: {
              yield * GroupFetch.codec().stream(reader, reader.uint32(), `${prefix}.groupFetch`, {
                limits: opts.limits?.groupFetch
              })

              break
            }
            case 40: {
              yield * GroupAck.codec().stream(reader, reader.uint32(), `${prefix}.groupAck`, {
                limits: opts.limits?.groupAck
              })

              break
            }
            case 41: {
              yield * GroupRead.codec().stream(reader, reader.uint32(), `${prefix}.groupRead`, {
                limits: opts.limits?.groupRead
              })

              break
            }
            case 42: {
              yield * GroupReceiptsRequest.codec().stream(reader, reader.uint32(), `${prefix}.groupReceipts`, {
                limits: opts.limits?.groupReceipts
              })

              break
            }
            case 43: {
              yield * GroupLeave.codec().stream(reader, reader.uint32(), `${prefix}.groupLeave`, {
                limits: opts.limits?.groupLeave
              })

              break
            }
            case 44: {
              yield * FetchBundlesMany.codec().stream(reader, reader.uint32(), `${prefix}.fetchBundlesMany`, {
                limits: opts.limits?.fetchBundlesMany
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RequestVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface RequestIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface RequestRegisterNameFieldEvent {
    field: '$.register.name'
    value: string
  }

  export interface RequestRegisterEmailFieldEvent {
    field: '$.register.email'
    value: string
  }

  export interface RequestRegisterPasswordFieldEvent {
    field: '$.register.password'
    value: string
  }

  export interface RequestVerifyNameFieldEvent {
    field: '$.verify.name'
    value: string
  }

  export interface RequestVerifyCodeFieldEvent {
    field: '$.verify.code'
    value: string
  }

  export interface RequestLoginNameFieldEvent {
    field: '$.login.name'
    value: string
  }

  export interface RequestLoginPasswordFieldEvent {
    field: '$.login.password'
    value: string
  }

  export interface RequestLoginSecondFactorTotpCodeFieldEvent {
    field: '$.login.secondFactor.totpCode'
    value: string
  }

  export interface RequestLoginSecondFactorRecoveryCodeFieldEvent {
    field: '$.login.secondFactor.recoveryCode'
    value: string
  }

  export interface RequestAuthenticateTokenFieldEvent {
    field: '$.authenticate.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestPublishBundleSignedBundleFieldEvent {
    field: '$.publishBundle.signedBundle'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestFetchBundlesUserFieldEvent {
    field: '$.fetchBundles.user'
    value: string
  }

  export interface RequestDepositEnvelopeFieldEvent {
    field: '$.deposit.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestDepositContactFieldEvent {
    field: '$.deposit.contact'
    value: boolean
  }

  export interface RequestFetchMailAfterSeqFieldEvent {
    field: '$.fetchMail.afterSeq'
    value: bigint
  }

  export interface RequestFetchMailLimitFieldEvent {
    field: '$.fetchMail.limit'
    value: number
  }

  export interface RequestAckMailMessageIdsFieldEvent {
    field: '$.ackMail.messageIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestResendCodeNameFieldEvent {
    field: '$.resendCode.name'
    value: string
  }

  export interface RequestTotpConfirmCodeFieldEvent {
    field: '$.totpConfirm.code'
    value: string
  }

  export interface RequestTotpDisableSecondFactorTotpCodeFieldEvent {
    field: '$.totpDisable.secondFactor.totpCode'
    value: string
  }

  export interface RequestTotpDisableSecondFactorRecoveryCodeFieldEvent {
    field: '$.totpDisable.secondFactor.recoveryCode'
    value: string
  }

  export interface RequestRegenerateRecoveryCodesSecondFactorTotpCodeFieldEvent {
    field: '$.regenerateRecoveryCodes.secondFactor.totpCode'
    value: string
  }

  export interface RequestRegenerateRecoveryCodesSecondFactorRecoveryCodeFieldEvent {
    field: '$.regenerateRecoveryCodes.secondFactor.recoveryCode'
    value: string
  }

  export interface RequestRevokeSessionsIdsFieldEvent {
    field: '$.revokeSessions.ids[]'
    index: number
    value: string
  }

  export interface RequestRevokeSessionsAllFieldEvent {
    field: '$.revokeSessions.all'
    value: boolean
  }

  export interface RequestRevokeSessionsOthersFieldEvent {
    field: '$.revokeSessions.others'
    value: boolean
  }

  export interface RequestChangeEmailNewEmailFieldEvent {
    field: '$.changeEmail.newEmail'
    value: string
  }

  export interface RequestConfirmEmailCodeFieldEvent {
    field: '$.confirmEmail.code'
    value: string
  }

  export interface RequestRequestPasswordResetNameFieldEvent {
    field: '$.requestPasswordReset.name'
    value: string
  }

  export interface RequestResetPasswordNameFieldEvent {
    field: '$.resetPassword.name'
    value: string
  }

  export interface RequestResetPasswordCodeFieldEvent {
    field: '$.resetPassword.code'
    value: string
  }

  export interface RequestResetPasswordNewPasswordFieldEvent {
    field: '$.resetPassword.newPassword'
    value: string
  }

  export interface RequestDeleteAccountPasswordFieldEvent {
    field: '$.deleteAccount.password'
    value: string
  }

  export interface RequestDeleteAccountSecondFactorTotpCodeFieldEvent {
    field: '$.deleteAccount.secondFactor.totpCode'
    value: string
  }

  export interface RequestDeleteAccountSecondFactorRecoveryCodeFieldEvent {
    field: '$.deleteAccount.secondFactor.recoveryCode'
    value: string
  }

  export interface RequestNoteContactUserFieldEvent {
    field: '$.noteContact.user'
    value: string
  }

  export interface RequestWatchDevicesUsersFieldEvent {
    field: '$.watchDevices.users[]'
    index: number
    value: string
  }

  export interface RequestDepositManyDepositsEnvelopeFieldEvent {
    field: '$.depositMany.deposits[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface RequestDepositManyDepositsContactFieldEvent {
    field: '$.depositMany.deposits[].contact'
    value: boolean
    index: number
  }

  export interface RequestGroupMembersGroupIdFieldEvent {
    field: '$.groupMembers.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupMembersManageKeyFieldEvent {
    field: '$.groupMembers.manageKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupMembersAddFieldEvent {
    field: '$.groupMembers.add[]'
    index: number
    value: string
  }

  export interface RequestGroupMembersRemoveFieldEvent {
    field: '$.groupMembers.remove[]'
    index: number
    value: string
  }

  export interface RequestGroupMembersNewManageHashFieldEvent {
    field: '$.groupMembers.newManageHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupPostMessageFieldEvent {
    field: '$.groupPost.message'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupFetchGroupIdFieldEvent {
    field: '$.groupFetch.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupFetchAfterSeqFieldEvent {
    field: '$.groupFetch.afterSeq'
    value: bigint
  }

  export interface RequestGroupAckGroupIdFieldEvent {
    field: '$.groupAck.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupAckSeqFieldEvent {
    field: '$.groupAck.seq'
    value: bigint
  }

  export interface RequestGroupReadGroupIdFieldEvent {
    field: '$.groupRead.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupReadSeqFieldEvent {
    field: '$.groupRead.seq'
    value: bigint
  }

  export interface RequestGroupReceiptsGroupIdFieldEvent {
    field: '$.groupReceipts.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestGroupReceiptsSeqFieldEvent {
    field: '$.groupReceipts.seq'
    value: bigint
  }

  export interface RequestGroupLeaveGroupIdFieldEvent {
    field: '$.groupLeave.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RequestFetchBundlesManyUsersFieldEvent {
    field: '$.fetchBundlesMany.users[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Request>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Request.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Request {
    return decodeMessage(buf, Request.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Request>): Generator<RequestVersionFieldEvent | RequestIdFieldEvent | RequestRegisterNameFieldEvent | RequestRegisterEmailFieldEvent | RequestRegisterPasswordFieldEvent | RequestVerifyNameFieldEvent | RequestVerifyCodeFieldEvent | RequestLoginNameFieldEvent | RequestLoginPasswordFieldEvent | RequestLoginSecondFactorTotpCodeFieldEvent | RequestLoginSecondFactorRecoveryCodeFieldEvent | RequestAuthenticateTokenFieldEvent | RequestPublishBundleSignedBundleFieldEvent | RequestFetchBundlesUserFieldEvent | RequestDepositEnvelopeFieldEvent | RequestDepositContactFieldEvent | RequestFetchMailAfterSeqFieldEvent | RequestFetchMailLimitFieldEvent | RequestAckMailMessageIdsFieldEvent | RequestResendCodeNameFieldEvent | RequestTotpConfirmCodeFieldEvent | RequestTotpDisableSecondFactorTotpCodeFieldEvent | RequestTotpDisableSecondFactorRecoveryCodeFieldEvent | RequestRegenerateRecoveryCodesSecondFactorTotpCodeFieldEvent | RequestRegenerateRecoveryCodesSecondFactorRecoveryCodeFieldEvent | RequestRevokeSessionsIdsFieldEvent | RequestRevokeSessionsAllFieldEvent | RequestRevokeSessionsOthersFieldEvent | RequestChangeEmailNewEmailFieldEvent | RequestConfirmEmailCodeFieldEvent | RequestRequestPasswordResetNameFieldEvent | RequestResetPasswordNameFieldEvent | RequestResetPasswordCodeFieldEvent | RequestResetPasswordNewPasswordFieldEvent | RequestDeleteAccountPasswordFieldEvent | RequestDeleteAccountSecondFactorTotpCodeFieldEvent | RequestDeleteAccountSecondFactorRecoveryCodeFieldEvent | RequestNoteContactUserFieldEvent | RequestWatchDevicesUsersFieldEvent | RequestDepositManyDepositsEnvelopeFieldEvent | RequestDepositManyDepositsContactFieldEvent | RequestGroupMembersGroupIdFieldEvent | RequestGroupMembersManageKeyFieldEvent | RequestGroupMembersAddFieldEvent | RequestGroupMembersRemoveFieldEvent | RequestGroupMembersNewManageHashFieldEvent | RequestGroupPostMessageFieldEvent | RequestGroupFetchGroupIdFieldEvent | RequestGroupFetchAfterSeqFieldEvent | RequestGroupAckGroupIdFieldEvent | RequestGroupAckSeqFieldEvent | RequestGroupReadGroupIdFieldEvent | RequestGroupReadSeqFieldEvent | RequestGroupReceiptsGroupIdFieldEvent | RequestGroupReceiptsSeqFieldEvent | RequestGroupLeaveGroupIdFieldEvent | RequestFetchBundlesManyUsersFieldEvent> {
    return streamMessage(buf, Request.codec(), opts)
  }
}

export interface Register {
  name: string
  email: string
  password: string
}

export namespace Register {
  let _codec: Codec<Register>

  export const codec = (): Codec<Register> => {
    if (_codec == null) {
      _codec = message<Register>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.email != null && obj.email !== '')) {
          w.uint32(18)
          w.string(obj.email)
        }

        if ((obj.password != null && obj.password !== '')) {
          w.uint32(26)
          w.string(obj.password)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          email: '',
          password: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.email = reader.string()
              break
            }
            case 3: {
              obj.password = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.email`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.password`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RegisterNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface RegisterEmailFieldEvent {
    field: '$.email'
    value: string
  }

  export interface RegisterPasswordFieldEvent {
    field: '$.password'
    value: string
  }

  export function encode (obj: Partial<Register>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Register.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Register>): Register {
    return decodeMessage(buf, Register.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Register>): Generator<RegisterNameFieldEvent | RegisterEmailFieldEvent | RegisterPasswordFieldEvent> {
    return streamMessage(buf, Register.codec(), opts)
  }
}

export interface Verify {
  name: string
  code: string
}

export namespace Verify {
  let _codec: Codec<Verify>

  export const codec = (): Codec<Verify> => {
    if (_codec == null) {
      _codec = message<Verify>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(18)
          w.string(obj.code)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          code: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.code = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VerifyNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface VerifyCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export function encode (obj: Partial<Verify>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Verify.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verify>): Verify {
    return decodeMessage(buf, Verify.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Verify>): Generator<VerifyNameFieldEvent | VerifyCodeFieldEvent> {
    return streamMessage(buf, Verify.codec(), opts)
  }
}

export interface ResendCode {
  name: string
}

export namespace ResendCode {
  let _codec: Codec<ResendCode>

  export const codec = (): Codec<ResendCode> => {
    if (_codec == null) {
      _codec = message<ResendCode>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ResendCodeNameFieldEvent {
    field: '$.name'
    value: string
  }

  export function encode (obj: Partial<ResendCode>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResendCode.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResendCode>): ResendCode {
    return decodeMessage(buf, ResendCode.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResendCode>): Generator<ResendCodeNameFieldEvent> {
    return streamMessage(buf, ResendCode.codec(), opts)
  }
}

export interface SecondFactor {
  totpCode: string
  recoveryCode: string
}

export namespace SecondFactor {
  let _codec: Codec<SecondFactor>

  export const codec = (): Codec<SecondFactor> => {
    if (_codec == null) {
      _codec = message<SecondFactor>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.totpCode != null && obj.totpCode !== '')) {
          w.uint32(10)
          w.string(obj.totpCode)
        }

        if ((obj.recoveryCode != null && obj.recoveryCode !== '')) {
          w.uint32(18)
          w.string(obj.recoveryCode)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          totpCode: '',
          recoveryCode: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.totpCode = reader.string()
              break
            }
            case 2: {
              obj.recoveryCode = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.totpCode`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.recoveryCode`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SecondFactorTotpCodeFieldEvent {
    field: '$.totpCode'
    value: string
  }

  export interface SecondFactorRecoveryCodeFieldEvent {
    field: '$.recoveryCode'
    value: string
  }

  export function encode (obj: Partial<SecondFactor>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SecondFactor.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SecondFactor>): SecondFactor {
    return decodeMessage(buf, SecondFactor.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SecondFactor>): Generator<SecondFactorTotpCodeFieldEvent | SecondFactorRecoveryCodeFieldEvent> {
    return streamMessage(buf, SecondFactor.codec(), opts)
  }
}

export interface Login {
  name: string
  password: string
  secondFactor?: SecondFactor
}

export namespace Login {
  let _codec: Codec<Login>

  export const codec = (): Codec<Login> => {
    if (_codec == null) {
      _codec = message<Login>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.password != null && obj.password !== '')) {
          w.uint32(18)
          w.string(obj.password)
        }

        if (obj.secondFactor != null) {
          w.uint32(26)
          SecondFactor.codec().encode(obj.secondFactor, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          password: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.password = reader.string()
              break
            }
            case 3: {
              obj.secondFactor = SecondFactor.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.secondFactor
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.password`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield * SecondFactor.codec().stream(reader, reader.uint32(), `${prefix}.secondFactor`, {
                limits: opts.limits?.secondFactor
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface LoginNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface LoginPasswordFieldEvent {
    field: '$.password'
    value: string
  }

  export interface LoginSecondFactorTotpCodeFieldEvent {
    field: '$.secondFactor.totpCode'
    value: string
  }

  export interface LoginSecondFactorRecoveryCodeFieldEvent {
    field: '$.secondFactor.recoveryCode'
    value: string
  }

  export function encode (obj: Partial<Login>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Login.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Login>): Login {
    return decodeMessage(buf, Login.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Login>): Generator<LoginNameFieldEvent | LoginPasswordFieldEvent | LoginSecondFactorTotpCodeFieldEvent | LoginSecondFactorRecoveryCodeFieldEvent> {
    return streamMessage(buf, Login.codec(), opts)
  }
}

export interface TotpEnrol {}

export namespace TotpEnrol {
  let _codec: Codec<TotpEnrol>

  export const codec = (): Codec<TotpEnrol> => {
    if (_codec == null) {
      _codec = message<TotpEnrol>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<TotpEnrol>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TotpEnrol.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpEnrol>): TotpEnrol {
    return decodeMessage(buf, TotpEnrol.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpEnrol>): Generator<{}> {
    return streamMessage(buf, TotpEnrol.codec(), opts)
  }
}

export interface TotpConfirm {
  code: string
}

export namespace TotpConfirm {
  let _codec: Codec<TotpConfirm>

  export const codec = (): Codec<TotpConfirm> => {
    if (_codec == null) {
      _codec = message<TotpConfirm>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TotpConfirmCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export function encode (obj: Partial<TotpConfirm>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TotpConfirm.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpConfirm>): TotpConfirm {
    return decodeMessage(buf, TotpConfirm.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpConfirm>): Generator<TotpConfirmCodeFieldEvent> {
    return streamMessage(buf, TotpConfirm.codec(), opts)
  }
}

export interface TotpDisable {
  secondFactor?: SecondFactor
}

export namespace TotpDisable {
  let _codec: Codec<TotpDisable>

  export const codec = (): Codec<TotpDisable> => {
    if (_codec == null) {
      _codec = message<TotpDisable>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.secondFactor != null) {
          w.uint32(10)
          SecondFactor.codec().encode(obj.secondFactor, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.secondFactor = SecondFactor.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.secondFactor
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * SecondFactor.codec().stream(reader, reader.uint32(), `${prefix}.secondFactor`, {
                limits: opts.limits?.secondFactor
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TotpDisableSecondFactorTotpCodeFieldEvent {
    field: '$.secondFactor.totpCode'
    value: string
  }

  export interface TotpDisableSecondFactorRecoveryCodeFieldEvent {
    field: '$.secondFactor.recoveryCode'
    value: string
  }

  export function encode (obj: Partial<TotpDisable>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TotpDisable.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpDisable>): TotpDisable {
    return decodeMessage(buf, TotpDisable.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpDisable>): Generator<TotpDisableSecondFactorTotpCodeFieldEvent | TotpDisableSecondFactorRecoveryCodeFieldEvent> {
    return streamMessage(buf, TotpDisable.codec(), opts)
  }
}

export interface RegenerateRecoveryCodes {
  secondFactor?: SecondFactor
}

export namespace RegenerateRecoveryCodes {
  let _codec: Codec<RegenerateRecoveryCodes>

  export const codec = (): Codec<RegenerateRecoveryCodes> => {
    if (_codec == null) {
      _codec = message<RegenerateRecoveryCodes>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.secondFactor != null) {
          w.uint32(10)
          SecondFactor.codec().encode(obj.secondFactor, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.secondFactor = SecondFactor.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.secondFactor
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * SecondFactor.codec().stream(reader, reader.uint32(), `${prefix}.secondFactor`, {
                limits: opts.limits?.secondFactor
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RegenerateRecoveryCodesSecondFactorTotpCodeFieldEvent {
    field: '$.secondFactor.totpCode'
    value: string
  }

  export interface RegenerateRecoveryCodesSecondFactorRecoveryCodeFieldEvent {
    field: '$.secondFactor.recoveryCode'
    value: string
  }

  export function encode (obj: Partial<RegenerateRecoveryCodes>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RegenerateRecoveryCodes.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegenerateRecoveryCodes>): RegenerateRecoveryCodes {
    return decodeMessage(buf, RegenerateRecoveryCodes.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegenerateRecoveryCodes>): Generator<RegenerateRecoveryCodesSecondFactorTotpCodeFieldEvent | RegenerateRecoveryCodesSecondFactorRecoveryCodeFieldEvent> {
    return streamMessage(buf, RegenerateRecoveryCodes.codec(), opts)
  }
}

export interface ListSessions {}

export namespace ListSessions {
  let _codec: Codec<ListSessions>

  export const codec = (): Codec<ListSessions> => {
    if (_codec == null) {
      _codec = message<ListSessions>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<ListSessions>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ListSessions.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListSessions>): ListSessions {
    return decodeMessage(buf, ListSessions.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ListSessions>): Generator<{}> {
    return streamMessage(buf, ListSessions.codec(), opts)
  }
}

export interface RevokeSessions {
  ids: string[]
  all: boolean
  others: boolean
}

export namespace RevokeSessions {
  let _codec: Codec<RevokeSessions>

  export const codec = (): Codec<RevokeSessions> => {
    if (_codec == null) {
      _codec = message<RevokeSessions>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.string(value)
          }
        }

        if ((obj.all != null && obj.all !== false)) {
          w.uint32(16)
          w.bool(obj.all)
        }

        if ((obj.others != null && obj.others !== false)) {
          w.uint32(24)
          w.bool(obj.others)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: [],
          all: false,
          others: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.string())
              break
            }
            case 2: {
              obj.all = reader.bool()
              break
            }
            case 3: {
              obj.others = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.string()
              }

              obj.ids++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.all`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.others`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RevokeSessionsIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: string
  }

  export interface RevokeSessionsAllFieldEvent {
    field: '$.all'
    value: boolean
  }

  export interface RevokeSessionsOthersFieldEvent {
    field: '$.others'
    value: boolean
  }

  export function encode (obj: Partial<RevokeSessions>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RevokeSessions.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RevokeSessions>): RevokeSessions {
    return decodeMessage(buf, RevokeSessions.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RevokeSessions>): Generator<RevokeSessionsIdsFieldEvent | RevokeSessionsAllFieldEvent | RevokeSessionsOthersFieldEvent> {
    return streamMessage(buf, RevokeSessions.codec(), opts)
  }
}

export interface ChangeEmail {
  newEmail: string
}

export namespace ChangeEmail {
  let _codec: Codec<ChangeEmail>

  export const codec = (): Codec<ChangeEmail> => {
    if (_codec == null) {
      _codec = message<ChangeEmail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.newEmail != null && obj.newEmail !== '')) {
          w.uint32(10)
          w.string(obj.newEmail)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          newEmail: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.newEmail = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.newEmail`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ChangeEmailNewEmailFieldEvent {
    field: '$.newEmail'
    value: string
  }

  export function encode (obj: Partial<ChangeEmail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ChangeEmail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChangeEmail>): ChangeEmail {
    return decodeMessage(buf, ChangeEmail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChangeEmail>): Generator<ChangeEmailNewEmailFieldEvent> {
    return streamMessage(buf, ChangeEmail.codec(), opts)
  }
}

export interface ConfirmEmail {
  code: string
}

export namespace ConfirmEmail {
  let _codec: Codec<ConfirmEmail>

  export const codec = (): Codec<ConfirmEmail> => {
    if (_codec == null) {
      _codec = message<ConfirmEmail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ConfirmEmailCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export function encode (obj: Partial<ConfirmEmail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ConfirmEmail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConfirmEmail>): ConfirmEmail {
    return decodeMessage(buf, ConfirmEmail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConfirmEmail>): Generator<ConfirmEmailCodeFieldEvent> {
    return streamMessage(buf, ConfirmEmail.codec(), opts)
  }
}

export interface RequestPasswordReset {
  name: string
}

export namespace RequestPasswordReset {
  let _codec: Codec<RequestPasswordReset>

  export const codec = (): Codec<RequestPasswordReset> => {
    if (_codec == null) {
      _codec = message<RequestPasswordReset>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RequestPasswordResetNameFieldEvent {
    field: '$.name'
    value: string
  }

  export function encode (obj: Partial<RequestPasswordReset>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RequestPasswordReset.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RequestPasswordReset>): RequestPasswordReset {
    return decodeMessage(buf, RequestPasswordReset.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RequestPasswordReset>): Generator<RequestPasswordResetNameFieldEvent> {
    return streamMessage(buf, RequestPasswordReset.codec(), opts)
  }
}

export interface ResetPassword {
  name: string
  code: string
  newPassword: string
}

export namespace ResetPassword {
  let _codec: Codec<ResetPassword>

  export const codec = (): Codec<ResetPassword> => {
    if (_codec == null) {
      _codec = message<ResetPassword>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(18)
          w.string(obj.code)
        }

        if ((obj.newPassword != null && obj.newPassword !== '')) {
          w.uint32(26)
          w.string(obj.newPassword)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          code: '',
          newPassword: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.code = reader.string()
              break
            }
            case 3: {
              obj.newPassword = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.newPassword`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ResetPasswordNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface ResetPasswordCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface ResetPasswordNewPasswordFieldEvent {
    field: '$.newPassword'
    value: string
  }

  export function encode (obj: Partial<ResetPassword>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResetPassword.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResetPassword>): ResetPassword {
    return decodeMessage(buf, ResetPassword.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResetPassword>): Generator<ResetPasswordNameFieldEvent | ResetPasswordCodeFieldEvent | ResetPasswordNewPasswordFieldEvent> {
    return streamMessage(buf, ResetPassword.codec(), opts)
  }
}

export interface DeleteAccount {
  password: string
  secondFactor?: SecondFactor
}

export namespace DeleteAccount {
  let _codec: Codec<DeleteAccount>

  export const codec = (): Codec<DeleteAccount> => {
    if (_codec == null) {
      _codec = message<DeleteAccount>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.password != null && obj.password !== '')) {
          w.uint32(10)
          w.string(obj.password)
        }

        if (obj.secondFactor != null) {
          w.uint32(18)
          SecondFactor.codec().encode(obj.secondFactor, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          password: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.password = reader.string()
              break
            }
            case 2: {
              obj.secondFactor = SecondFactor.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.secondFactor
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.password`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield * SecondFactor.codec().stream(reader, reader.uint32(), `${prefix}.secondFactor`, {
                limits: opts.limits?.secondFactor
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DeleteAccountPasswordFieldEvent {
    field: '$.password'
    value: string
  }

  export interface DeleteAccountSecondFactorTotpCodeFieldEvent {
    field: '$.secondFactor.totpCode'
    value: string
  }

  export interface DeleteAccountSecondFactorRecoveryCodeFieldEvent {
    field: '$.secondFactor.recoveryCode'
    value: string
  }

  export function encode (obj: Partial<DeleteAccount>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeleteAccount.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeleteAccount>): DeleteAccount {
    return decodeMessage(buf, DeleteAccount.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeleteAccount>): Generator<DeleteAccountPasswordFieldEvent | DeleteAccountSecondFactorTotpCodeFieldEvent | DeleteAccountSecondFactorRecoveryCodeFieldEvent> {
    return streamMessage(buf, DeleteAccount.codec(), opts)
  }
}

export interface AccountInfo {}

export namespace AccountInfo {
  let _codec: Codec<AccountInfo>

  export const codec = (): Codec<AccountInfo> => {
    if (_codec == null) {
      _codec = message<AccountInfo>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<AccountInfo>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AccountInfo.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AccountInfo>): AccountInfo {
    return decodeMessage(buf, AccountInfo.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AccountInfo>): Generator<{}> {
    return streamMessage(buf, AccountInfo.codec(), opts)
  }
}

export interface Authenticate {
  token: Uint8Array<ArrayBuffer>
}

export namespace Authenticate {
  let _codec: Codec<Authenticate>

  export const codec = (): Codec<Authenticate> => {
    if (_codec == null) {
      _codec = message<Authenticate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.token != null && obj.token.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.token)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          token: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.token = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.token`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AuthenticateTokenFieldEvent {
    field: '$.token'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Authenticate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Authenticate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Authenticate>): Authenticate {
    return decodeMessage(buf, Authenticate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Authenticate>): Generator<AuthenticateTokenFieldEvent> {
    return streamMessage(buf, Authenticate.codec(), opts)
  }
}

export interface Logout {}

export namespace Logout {
  let _codec: Codec<Logout>

  export const codec = (): Codec<Logout> => {
    if (_codec == null) {
      _codec = message<Logout>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<Logout>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Logout.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Logout>): Logout {
    return decodeMessage(buf, Logout.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Logout>): Generator<{}> {
    return streamMessage(buf, Logout.codec(), opts)
  }
}

export interface PublishBundle {
  signedBundle: Uint8Array<ArrayBuffer>
}

export namespace PublishBundle {
  let _codec: Codec<PublishBundle>

  export const codec = (): Codec<PublishBundle> => {
    if (_codec == null) {
      _codec = message<PublishBundle>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.signedBundle != null && obj.signedBundle.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.signedBundle)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          signedBundle: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.signedBundle = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.signedBundle`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PublishBundleSignedBundleFieldEvent {
    field: '$.signedBundle'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PublishBundle>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PublishBundle.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishBundle>): PublishBundle {
    return decodeMessage(buf, PublishBundle.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PublishBundle>): Generator<PublishBundleSignedBundleFieldEvent> {
    return streamMessage(buf, PublishBundle.codec(), opts)
  }
}

export interface FetchBundles {
  user: string
}

export namespace FetchBundles {
  let _codec: Codec<FetchBundles>

  export const codec = (): Codec<FetchBundles> => {
    if (_codec == null) {
      _codec = message<FetchBundles>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FetchBundlesUserFieldEvent {
    field: '$.user'
    value: string
  }

  export function encode (obj: Partial<FetchBundles>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchBundles.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBundles>): FetchBundles {
    return decodeMessage(buf, FetchBundles.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBundles>): Generator<FetchBundlesUserFieldEvent> {
    return streamMessage(buf, FetchBundles.codec(), opts)
  }
}

export interface FetchBundlesMany {
  users: string[]
}

export namespace FetchBundlesMany {
  let _codec: Codec<FetchBundlesMany>

  export const codec = (): Codec<FetchBundlesMany> => {
    if (_codec == null) {
      _codec = message<FetchBundlesMany>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.users != null && obj.users.length > 0) {
          for (const value of obj.users) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          users: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users.length === opts.limits.users) {
                throw new MaxLengthError('Decode error - repeated field "users" had too many elements')
              }

              obj.users.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          users: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users === opts.limits.users) {
                throw new MaxLengthError('Streaming decode error - repeated field "users" had too many elements')
              }

              yield {
                field: `${prefix}.users[]`,
                index: obj.users,
                value: reader.string()
              }

              obj.users++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FetchBundlesManyUsersFieldEvent {
    field: '$.users[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<FetchBundlesMany>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchBundlesMany.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBundlesMany>): FetchBundlesMany {
    return decodeMessage(buf, FetchBundlesMany.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchBundlesMany>): Generator<FetchBundlesManyUsersFieldEvent> {
    return streamMessage(buf, FetchBundlesMany.codec(), opts)
  }
}

export interface NoteContact {
  user: string
}

export namespace NoteContact {
  let _codec: Codec<NoteContact>

  export const codec = (): Codec<NoteContact> => {
    if (_codec == null) {
      _codec = message<NoteContact>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface NoteContactUserFieldEvent {
    field: '$.user'
    value: string
  }

  export function encode (obj: Partial<NoteContact>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NoteContact.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NoteContact>): NoteContact {
    return decodeMessage(buf, NoteContact.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NoteContact>): Generator<NoteContactUserFieldEvent> {
    return streamMessage(buf, NoteContact.codec(), opts)
  }
}

export interface Deposit {
  envelope: Uint8Array<ArrayBuffer>
  contact: boolean
}

export namespace Deposit {
  let _codec: Codec<Deposit>

  export const codec = (): Codec<Deposit> => {
    if (_codec == null) {
      _codec = message<Deposit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.envelope)
        }

        if ((obj.contact != null && obj.contact !== false)) {
          w.uint32(16)
          w.bool(obj.contact)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelope: uint8ArrayAlloc(0),
          contact: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = reader.bytes()
              break
            }
            case 2: {
              obj.contact = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.envelope`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.contact`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DepositContactFieldEvent {
    field: '$.contact'
    value: boolean
  }

  export function encode (obj: Partial<Deposit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Deposit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposit>): Deposit {
    return decodeMessage(buf, Deposit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposit>): Generator<DepositEnvelopeFieldEvent | DepositContactFieldEvent> {
    return streamMessage(buf, Deposit.codec(), opts)
  }
}

export interface DepositMany {
  deposits: Deposit[]
}

export namespace DepositMany {
  let _codec: Codec<DepositMany>

  export const codec = (): Codec<DepositMany> => {
    if (_codec == null) {
      _codec = message<DepositMany>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.deposits != null && obj.deposits.length > 0) {
          for (const value of obj.deposits) {
            w.uint32(10)
            Deposit.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deposits: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.deposits != null && obj.deposits.length === opts.limits.deposits) {
                throw new MaxLengthError('Decode error - repeated field "deposits" had too many elements')
              }

              obj.deposits.push(Deposit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposits$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          deposits: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.deposits != null && obj.deposits === opts.limits.deposits) {
                throw new MaxLengthError('Streaming decode error - repeated field "deposits" had too many elements')
              }

              for (const evt of Deposit.codec().stream(reader, reader.uint32(), `${prefix}.deposits[]`, {
                limits: opts.limits?.deposits$
              })) {
                yield {
                  ...evt,
                  index: obj.deposits
                }
              }

              obj.deposits++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositManyDepositsEnvelopeFieldEvent {
    field: '$.deposits[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface DepositManyDepositsContactFieldEvent {
    field: '$.deposits[].contact'
    value: boolean
    index: number
  }

  export function encode (obj: Partial<DepositMany>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DepositMany.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositMany>): DepositMany {
    return decodeMessage(buf, DepositMany.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositMany>): Generator<DepositManyDepositsEnvelopeFieldEvent | DepositManyDepositsContactFieldEvent> {
    return streamMessage(buf, DepositMany.codec(), opts)
  }
}

export interface FetchMail {
  afterSeq: bigint
  limit: number
}

export namespace FetchMail {
  let _codec: Codec<FetchMail>

  export const codec = (): Codec<FetchMail> => {
    if (_codec == null) {
      _codec = message<FetchMail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.afterSeq != null && obj.afterSeq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.afterSeq)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(16)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          afterSeq: 0n,
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.afterSeq = reader.uint64()
              break
            }
            case 2: {
              obj.limit = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.afterSeq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface FetchMailAfterSeqFieldEvent {
    field: '$.afterSeq'
    value: bigint
  }

  export interface FetchMailLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<FetchMail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FetchMail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchMail>): FetchMail {
    return decodeMessage(buf, FetchMail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FetchMail>): Generator<FetchMailAfterSeqFieldEvent | FetchMailLimitFieldEvent> {
    return streamMessage(buf, FetchMail.codec(), opts)
  }
}

export interface AckMail {
  messageIds: Uint8Array<ArrayBuffer>[]
}

export namespace AckMail {
  let _codec: Codec<AckMail>

  export const codec = (): Codec<AckMail> => {
    if (_codec == null) {
      _codec = message<AckMail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.messageIds != null && obj.messageIds.length > 0) {
          for (const value of obj.messageIds) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messageIds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.messageIds != null && obj.messageIds.length === opts.limits.messageIds) {
                throw new MaxLengthError('Decode error - repeated field "messageIds" had too many elements')
              }

              obj.messageIds.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          messageIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.messageIds != null && obj.messageIds === opts.limits.messageIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "messageIds" had too many elements')
              }

              yield {
                field: `${prefix}.messageIds[]`,
                index: obj.messageIds,
                value: reader.bytes()
              }

              obj.messageIds++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AckMailMessageIdsFieldEvent {
    field: '$.messageIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AckMail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AckMail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AckMail>): AckMail {
    return decodeMessage(buf, AckMail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AckMail>): Generator<AckMailMessageIdsFieldEvent> {
    return streamMessage(buf, AckMail.codec(), opts)
  }
}

export interface Subscribe {}

export namespace Subscribe {
  let _codec: Codec<Subscribe>

  export const codec = (): Codec<Subscribe> => {
    if (_codec == null) {
      _codec = message<Subscribe>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<Subscribe>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Subscribe.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Subscribe>): Subscribe {
    return decodeMessage(buf, Subscribe.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Subscribe>): Generator<{}> {
    return streamMessage(buf, Subscribe.codec(), opts)
  }
}

export interface WatchDevices {
  users: string[]
}

export namespace WatchDevices {
  let _codec: Codec<WatchDevices>

  export const codec = (): Codec<WatchDevices> => {
    if (_codec == null) {
      _codec = message<WatchDevices>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.users != null && obj.users.length > 0) {
          for (const value of obj.users) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          users: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users.length === opts.limits.users) {
                throw new MaxLengthError('Decode error - repeated field "users" had too many elements')
              }

              obj.users.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          users: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users === opts.limits.users) {
                throw new MaxLengthError('Streaming decode error - repeated field "users" had too many elements')
              }

              yield {
                field: `${prefix}.users[]`,
                index: obj.users,
                value: reader.string()
              }

              obj.users++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface WatchDevicesUsersFieldEvent {
    field: '$.users[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<WatchDevices>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WatchDevices.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WatchDevices>): WatchDevices {
    return decodeMessage(buf, WatchDevices.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WatchDevices>): Generator<WatchDevicesUsersFieldEvent> {
    return streamMessage(buf, WatchDevices.codec(), opts)
  }
}

export interface GroupMembers {
  groupId: Uint8Array<ArrayBuffer>
  manageKey: Uint8Array<ArrayBuffer>
  add: string[]
  remove: string[]
  newManageHash: Uint8Array<ArrayBuffer>
}

export namespace GroupMembers {
  let _codec: Codec<GroupMembers>

  export const codec = (): Codec<GroupMembers> => {
    if (_codec == null) {
      _codec = message<GroupMembers>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if ((obj.manageKey != null && obj.manageKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.manageKey)
        }

        if (obj.add != null && obj.add.length > 0) {
          for (const value of obj.add) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.remove != null && obj.remove.length > 0) {
          for (const value of obj.remove) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.newManageHash != null && obj.newManageHash.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.newManageHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0),
          manageKey: uint8ArrayAlloc(0),
          add: [],
          remove: [],
          newManageHash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            case 2: {
              obj.manageKey = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.add != null && obj.add.length === opts.limits.add) {
                throw new MaxLengthError('Decode error - repeated field "add" had too many elements')
              }

              obj.add.push(reader.string())
              break
            }
            case 4: {
              if (opts.limits?.remove != null && obj.remove.length === opts.limits.remove) {
                throw new MaxLengthError('Decode error - repeated field "remove" had too many elements')
              }

              obj.remove.push(reader.string())
              break
            }
            case 5: {
              obj.newManageHash = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          add: 0,
          remove: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.manageKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.add != null && obj.add === opts.limits.add) {
                throw new MaxLengthError('Streaming decode error - repeated field "add" had too many elements')
              }

              yield {
                field: `${prefix}.add[]`,
                index: obj.add,
                value: reader.string()
              }

              obj.add++

              break
            }
            case 4: {
              if (opts.limits?.remove != null && obj.remove === opts.limits.remove) {
                throw new MaxLengthError('Streaming decode error - repeated field "remove" had too many elements')
              }

              yield {
                field: `${prefix}.remove[]`,
                index: obj.remove,
                value: reader.string()
              }

              obj.remove++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.newManageHash`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupMembersGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMembersManageKeyFieldEvent {
    field: '$.manageKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMembersAddFieldEvent {
    field: '$.add[]'
    index: number
    value: string
  }

  export interface GroupMembersRemoveFieldEvent {
    field: '$.remove[]'
    index: number
    value: string
  }

  export interface GroupMembersNewManageHashFieldEvent {
    field: '$.newManageHash'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupMembers>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMembers.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMembers>): GroupMembers {
    return decodeMessage(buf, GroupMembers.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMembers>): Generator<GroupMembersGroupIdFieldEvent | GroupMembersManageKeyFieldEvent | GroupMembersAddFieldEvent | GroupMembersRemoveFieldEvent | GroupMembersNewManageHashFieldEvent> {
    return streamMessage(buf, GroupMembers.codec(), opts)
  }
}

export interface GroupPost {
  message: Uint8Array<ArrayBuffer>
}

export namespace GroupPost {
  let _codec: Codec<GroupPost>

  export const codec = (): Codec<GroupPost> => {
    if (_codec == null) {
      _codec = message<GroupPost>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.message != null && obj.message.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          message: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.message = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.message`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupPostMessageFieldEvent {
    field: '$.message'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupPost>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupPost.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPost>): GroupPost {
    return decodeMessage(buf, GroupPost.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPost>): Generator<GroupPostMessageFieldEvent> {
    return streamMessage(buf, GroupPost.codec(), opts)
  }
}

export interface GroupFetch {
  groupId: Uint8Array<ArrayBuffer>
  afterSeq: bigint
}

export namespace GroupFetch {
  let _codec: Codec<GroupFetch>

  export const codec = (): Codec<GroupFetch> => {
    if (_codec == null) {
      _codec = message<GroupFetch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if ((obj.afterSeq != null && obj.afterSeq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.afterSeq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0),
          afterSeq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            case 2: {
              obj.afterSeq = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.afterSeq`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupFetchGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupFetchAfterSeqFieldEvent {
    field: '$.afterSeq'
    value: bigint
  }

  export function encode (obj: Partial<GroupFetch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupFetch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupFetch>): GroupFetch {
    return decodeMessage(buf, GroupFetch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupFetch>): Generator<GroupFetchGroupIdFieldEvent | GroupFetchAfterSeqFieldEvent> {
    return streamMessage(buf, GroupFetch.codec(), opts)
  }
}

export interface GroupAck {
  groupId: Uint8Array<ArrayBuffer>
  seq: bigint
}

export namespace GroupAck {
  let _codec: Codec<GroupAck>

  export const codec = (): Codec<GroupAck> => {
    if (_codec == null) {
      _codec = message<GroupAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0),
          seq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupAckGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupAckSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<GroupAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupAck>): GroupAck {
    return decodeMessage(buf, GroupAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupAck>): Generator<GroupAckGroupIdFieldEvent | GroupAckSeqFieldEvent> {
    return streamMessage(buf, GroupAck.codec(), opts)
  }
}

export interface GroupRead {
  groupId: Uint8Array<ArrayBuffer>
  seq: bigint
}

export namespace GroupRead {
  let _codec: Codec<GroupRead>

  export const codec = (): Codec<GroupRead> => {
    if (_codec == null) {
      _codec = message<GroupRead>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0),
          seq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupReadGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupReadSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<GroupRead>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupRead.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupRead>): GroupRead {
    return decodeMessage(buf, GroupRead.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupRead>): Generator<GroupReadGroupIdFieldEvent | GroupReadSeqFieldEvent> {
    return streamMessage(buf, GroupRead.codec(), opts)
  }
}

export interface GroupReceiptsRequest {
  groupId: Uint8Array<ArrayBuffer>
  seq: bigint
}

export namespace GroupReceiptsRequest {
  let _codec: Codec<GroupReceiptsRequest>

  export const codec = (): Codec<GroupReceiptsRequest> => {
    if (_codec == null) {
      _codec = message<GroupReceiptsRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0),
          seq: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupReceiptsRequestGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupReceiptsRequestSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export function encode (obj: Partial<GroupReceiptsRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupReceiptsRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupReceiptsRequest>): GroupReceiptsRequest {
    return decodeMessage(buf, GroupReceiptsRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupReceiptsRequest>): Generator<GroupReceiptsRequestGroupIdFieldEvent | GroupReceiptsRequestSeqFieldEvent> {
    return streamMessage(buf, GroupReceiptsRequest.codec(), opts)
  }
}

export interface GroupLeave {
  groupId: Uint8Array<ArrayBuffer>
}

export namespace GroupLeave {
  let _codec: Codec<GroupLeave>

  export const codec = (): Codec<GroupLeave> => {
    if (_codec == null) {
      _codec = message<GroupLeave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupLeaveGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupLeave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupLeave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupLeave>): GroupLeave {
    return decodeMessage(buf, GroupLeave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupLeave>): Generator<GroupLeaveGroupIdFieldEvent> {
    return streamMessage(buf, GroupLeave.codec(), opts)
  }
}

export interface ServerFrame {
  version: number
  response?: Response
  push?: Push
}

export namespace ServerFrame {
  let _codec: Codec<ServerFrame>

  export const codec = (): Codec<ServerFrame> => {
    if (_codec == null) {
      _codec = message<ServerFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.push != null) {
          obj.response = undefined
        }

        if (obj.response != null) {
          obj.push = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.response != null) {
          w.uint32(18)
          Response.codec().encode(obj.response, w)
        }

        if (obj.push != null) {
          w.uint32(26)
          Push.codec().encode(obj.push, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.response = Response.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.response
              })
              break
            }
            case 3: {
              obj.push = Push.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.push
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.push != null) {
          delete obj.response
        }

        if (obj.response != null) {
          delete obj.push
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * Response.codec().stream(reader, reader.uint32(), `${prefix}.response`, {
                limits: opts.limits?.response
              })

              break
            }
            case 3: {
              yield * Push.codec().stream(reader, reader.uint32(), `${prefix}.push`, {
                limits: opts.limits?.push
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ServerFrameVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface ServerFrameResponseIdFieldEvent {
    field: '$.response.id'
    value: number
  }

  export interface ServerFrameResponseErrorCodeFieldEvent {
    field: '$.response.error.code'
    value: string
  }

  export interface ServerFrameResponseErrorMessageFieldEvent {
    field: '$.response.error.message'
    value: string
  }

  export interface ServerFrameResponseErrorRetryAfterMsFieldEvent {
    field: '$.response.error.retryAfterMs'
    value: bigint
  }

  export interface ServerFrameResponseSessionTokenFieldEvent {
    field: '$.response.session.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseSessionUserFieldEvent {
    field: '$.response.session.user'
    value: string
  }

  export interface ServerFrameResponseSessionExpiresAtFieldEvent {
    field: '$.response.session.expiresAt'
    value: bigint
  }

  export interface ServerFrameResponseBundlesUserFieldEvent {
    field: '$.response.bundles.user'
    value: string
  }

  export interface ServerFrameResponseBundlesSignedBundlesFieldEvent {
    field: '$.response.bundles.signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseDepositedMessageIdFieldEvent {
    field: '$.response.deposited.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseDepositedDuplicateFieldEvent {
    field: '$.response.deposited.duplicate'
    value: boolean
  }

  export interface ServerFrameResponseDepositedStoredAtFieldEvent {
    field: '$.response.deposited.storedAt'
    value: bigint
  }

  export interface ServerFrameResponseMailItemsSeqFieldEvent {
    field: '$.response.mail.items[].seq'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseMailItemsEnvelopeFieldEvent {
    field: '$.response.mail.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFrameResponseMailItemsReceivedAtFieldEvent {
    field: '$.response.mail.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseMailMoreFieldEvent {
    field: '$.response.mail.more'
    value: boolean
  }

  export interface ServerFrameResponseTotpEnrolmentUriFieldEvent {
    field: '$.response.totpEnrolment.uri'
    value: string
  }

  export interface ServerFrameResponseTotpEnrolmentSecretFieldEvent {
    field: '$.response.totpEnrolment.secret'
    value: string
  }

  export interface ServerFrameResponseRecoveryCodesCodesFieldEvent {
    field: '$.response.recoveryCodes.codes[]'
    index: number
    value: string
  }

  export interface ServerFrameResponseSessionListSessionsIdFieldEvent {
    field: '$.response.sessionList.sessions[].id'
    value: string
    index: number
  }

  export interface ServerFrameResponseSessionListSessionsPeerIdFieldEvent {
    field: '$.response.sessionList.sessions[].peerId'
    value: string
    index: number
  }

  export interface ServerFrameResponseSessionListSessionsCreatedAtFieldEvent {
    field: '$.response.sessionList.sessions[].createdAt'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseSessionListSessionsLastSeenFieldEvent {
    field: '$.response.sessionList.sessions[].lastSeen'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseSessionListSessionsCurrentFieldEvent {
    field: '$.response.sessionList.sessions[].current'
    value: boolean
    index: number
  }

  export interface ServerFrameResponseSessionListSessionsExpiresAtFieldEvent {
    field: '$.response.sessionList.sessions[].expiresAt'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseAccountUserFieldEvent {
    field: '$.response.account.user'
    value: string
  }

  export interface ServerFrameResponseAccountEmailFieldEvent {
    field: '$.response.account.email'
    value: string
  }

  export interface ServerFrameResponseAccountTotpEnabledFieldEvent {
    field: '$.response.account.totpEnabled'
    value: boolean
  }

  export interface ServerFrameResponseAccountRecoveryCodesLeftFieldEvent {
    field: '$.response.account.recoveryCodesLeft'
    value: number
  }

  export interface ServerFrameResponseAccountPendingEmailFieldEvent {
    field: '$.response.account.pendingEmail'
    value: string
  }

  export interface ServerFrameResponseDepositedManyResultsDepositedMessageIdFieldEvent {
    field: '$.response.depositedMany.results[].deposited.messageId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFrameResponseDepositedManyResultsDepositedDuplicateFieldEvent {
    field: '$.response.depositedMany.results[].deposited.duplicate'
    value: boolean
    index: number
  }

  export interface ServerFrameResponseDepositedManyResultsDepositedStoredAtFieldEvent {
    field: '$.response.depositedMany.results[].deposited.storedAt'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseDepositedManyResultsErrorCodeFieldEvent {
    field: '$.response.depositedMany.results[].error.code'
    value: string
    index: number
  }

  export interface ServerFrameResponseDepositedManyResultsErrorMessageFieldEvent {
    field: '$.response.depositedMany.results[].error.message'
    value: string
    index: number
  }

  export interface ServerFrameResponseDepositedManyResultsErrorRetryAfterMsFieldEvent {
    field: '$.response.depositedMany.results[].error.retryAfterMs'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseGroupPostedSeqFieldEvent {
    field: '$.response.groupPosted.seq'
    value: bigint
  }

  export interface ServerFrameResponseGroupPostedDuplicateFieldEvent {
    field: '$.response.groupPosted.duplicate'
    value: boolean
  }

  export interface ServerFrameResponseGroupPostedStoredAtFieldEvent {
    field: '$.response.groupPosted.storedAt'
    value: bigint
  }

  export interface ServerFrameResponseGroupMailGroupIdFieldEvent {
    field: '$.response.groupMail.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFrameResponseGroupMailItemsSeqFieldEvent {
    field: '$.response.groupMail.items[].seq'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseGroupMailItemsMessageFieldEvent {
    field: '$.response.groupMail.items[].message'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFrameResponseGroupMailItemsReceivedAtFieldEvent {
    field: '$.response.groupMail.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ServerFrameResponseGroupMailMoreFieldEvent {
    field: '$.response.groupMail.more'
    value: boolean
  }

  export interface ServerFrameResponseGroupReceiptsOfFieldEvent {
    field: '$.response.groupReceipts.of'
    value: number
  }

  export interface ServerFrameResponseGroupReceiptsDeliveredFieldEvent {
    field: '$.response.groupReceipts.delivered'
    value: number
  }

  export interface ServerFrameResponseGroupReceiptsReadFieldEvent {
    field: '$.response.groupReceipts.read'
    value: number
  }

  export interface ServerFrameResponseGroupReceiptsMembersUserFieldEvent {
    field: '$.response.groupReceipts.members[].user'
    value: string
    index: number
  }

  export interface ServerFrameResponseGroupReceiptsMembersDeliveredFieldEvent {
    field: '$.response.groupReceipts.members[].delivered'
    value: boolean
    index: number
  }

  export interface ServerFrameResponseGroupReceiptsMembersReadFieldEvent {
    field: '$.response.groupReceipts.members[].read'
    value: boolean
    index: number
  }

  export interface ServerFrameResponseBundlesManyUsersUserFieldEvent {
    field: '$.response.bundlesMany.users[].user'
    value: string
    index: number
  }

  export interface ServerFrameResponseBundlesManyUsersSignedBundlesFieldEvent {
    field: '$.response.bundlesMany.users[].signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFramePushItemsSeqFieldEvent {
    field: '$.push.items[].seq'
    value: bigint
    index: number
  }

  export interface ServerFramePushItemsEnvelopeFieldEvent {
    field: '$.push.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFramePushItemsReceivedAtFieldEvent {
    field: '$.push.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ServerFramePushDevicesChangedUsersFieldEvent {
    field: '$.push.devicesChanged.users[]'
    index: number
    value: string
  }

  export interface ServerFramePushGroupGroupIdFieldEvent {
    field: '$.push.group.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ServerFramePushGroupItemsSeqFieldEvent {
    field: '$.push.group.items[].seq'
    value: bigint
    index: number
  }

  export interface ServerFramePushGroupItemsMessageFieldEvent {
    field: '$.push.group.items[].message'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ServerFramePushGroupItemsReceivedAtFieldEvent {
    field: '$.push.group.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ServerFramePushGroupMoreFieldEvent {
    field: '$.push.group.more'
    value: boolean
  }

  export function encode (obj: Partial<ServerFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ServerFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ServerFrame>): ServerFrame {
    return decodeMessage(buf, ServerFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ServerFrame>): Generator<ServerFrameVersionFieldEvent | ServerFrameResponseIdFieldEvent | ServerFrameResponseErrorCodeFieldEvent | ServerFrameResponseErrorMessageFieldEvent | ServerFrameResponseErrorRetryAfterMsFieldEvent | ServerFrameResponseSessionTokenFieldEvent | ServerFrameResponseSessionUserFieldEvent | ServerFrameResponseSessionExpiresAtFieldEvent | ServerFrameResponseBundlesUserFieldEvent | ServerFrameResponseBundlesSignedBundlesFieldEvent | ServerFrameResponseDepositedMessageIdFieldEvent | ServerFrameResponseDepositedDuplicateFieldEvent | ServerFrameResponseDepositedStoredAtFieldEvent | ServerFrameResponseMailItemsSeqFieldEvent | ServerFrameResponseMailItemsEnvelopeFieldEvent | ServerFrameResponseMailItemsReceivedAtFieldEvent | ServerFrameResponseMailMoreFieldEvent | ServerFrameResponseTotpEnrolmentUriFieldEvent | ServerFrameResponseTotpEnrolmentSecretFieldEvent | ServerFrameResponseRecoveryCodesCodesFieldEvent | ServerFrameResponseSessionListSessionsIdFieldEvent | ServerFrameResponseSessionListSessionsPeerIdFieldEvent | ServerFrameResponseSessionListSessionsCreatedAtFieldEvent | ServerFrameResponseSessionListSessionsLastSeenFieldEvent | ServerFrameResponseSessionListSessionsCurrentFieldEvent | ServerFrameResponseSessionListSessionsExpiresAtFieldEvent | ServerFrameResponseAccountUserFieldEvent | ServerFrameResponseAccountEmailFieldEvent | ServerFrameResponseAccountTotpEnabledFieldEvent | ServerFrameResponseAccountRecoveryCodesLeftFieldEvent | ServerFrameResponseAccountPendingEmailFieldEvent | ServerFrameResponseDepositedManyResultsDepositedMessageIdFieldEvent | ServerFrameResponseDepositedManyResultsDepositedDuplicateFieldEvent | ServerFrameResponseDepositedManyResultsDepositedStoredAtFieldEvent | ServerFrameResponseDepositedManyResultsErrorCodeFieldEvent | ServerFrameResponseDepositedManyResultsErrorMessageFieldEvent | ServerFrameResponseDepositedManyResultsErrorRetryAfterMsFieldEvent | ServerFrameResponseGroupPostedSeqFieldEvent | ServerFrameResponseGroupPostedDuplicateFieldEvent | ServerFrameResponseGroupPostedStoredAtFieldEvent | ServerFrameResponseGroupMailGroupIdFieldEvent | ServerFrameResponseGroupMailItemsSeqFieldEvent | ServerFrameResponseGroupMailItemsMessageFieldEvent | ServerFrameResponseGroupMailItemsReceivedAtFieldEvent | ServerFrameResponseGroupMailMoreFieldEvent | ServerFrameResponseGroupReceiptsOfFieldEvent | ServerFrameResponseGroupReceiptsDeliveredFieldEvent | ServerFrameResponseGroupReceiptsReadFieldEvent | ServerFrameResponseGroupReceiptsMembersUserFieldEvent | ServerFrameResponseGroupReceiptsMembersDeliveredFieldEvent | ServerFrameResponseGroupReceiptsMembersReadFieldEvent | ServerFrameResponseBundlesManyUsersUserFieldEvent | ServerFrameResponseBundlesManyUsersSignedBundlesFieldEvent | ServerFramePushItemsSeqFieldEvent | ServerFramePushItemsEnvelopeFieldEvent | ServerFramePushItemsReceivedAtFieldEvent | ServerFramePushDevicesChangedUsersFieldEvent | ServerFramePushGroupGroupIdFieldEvent | ServerFramePushGroupItemsSeqFieldEvent | ServerFramePushGroupItemsMessageFieldEvent | ServerFramePushGroupItemsReceivedAtFieldEvent | ServerFramePushGroupMoreFieldEvent> {
    return streamMessage(buf, ServerFrame.codec(), opts)
  }
}

export interface Response {
  id: number
  error?: RpcError
  ok?: Ok
  session?: Session
  bundles?: Bundles
  deposited?: Deposited
  mail?: Mail
  totpEnrolment?: TotpEnrolment
  recoveryCodes?: RecoveryCodes
  sessionList?: SessionList
  account?: Account
  depositedMany?: DepositedMany
  groupPosted?: GroupPosted
  groupMail?: GroupMail
  groupReceipts?: GroupReceipts
  bundlesMany?: BundlesMany
}

export namespace Response {
  let _codec: Codec<Response>

  export const codec = (): Codec<Response> => {
    if (_codec == null) {
      _codec = message<Response>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.bundlesMany != null) {
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.groupReceipts != null) {
          obj.bundlesMany = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.groupMail != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.groupPosted != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.depositedMany != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.account != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.sessionList != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.recoveryCodes != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.totpEnrolment != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.mail != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.deposited != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.bundles != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.session = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.session != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.ok = undefined
          obj.error = undefined
        }

        if (obj.ok != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.error = undefined
        }

        if (obj.error != null) {
          obj.bundlesMany = undefined
          obj.groupReceipts = undefined
          obj.groupMail = undefined
          obj.groupPosted = undefined
          obj.depositedMany = undefined
          obj.account = undefined
          obj.sessionList = undefined
          obj.recoveryCodes = undefined
          obj.totpEnrolment = undefined
          obj.mail = undefined
          obj.deposited = undefined
          obj.bundles = undefined
          obj.session = undefined
          obj.ok = undefined
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if (obj.error != null) {
          w.uint32(18)
          RpcError.codec().encode(obj.error, w)
        }

        if (obj.ok != null) {
          w.uint32(26)
          Ok.codec().encode(obj.ok, w)
        }

        if (obj.session != null) {
          w.uint32(34)
          Session.codec().encode(obj.session, w)
        }

        if (obj.bundles != null) {
          w.uint32(42)
          Bundles.codec().encode(obj.bundles, w)
        }

        if (obj.deposited != null) {
          w.uint32(50)
          Deposited.codec().encode(obj.deposited, w)
        }

        if (obj.mail != null) {
          w.uint32(58)
          Mail.codec().encode(obj.mail, w)
        }

        if (obj.totpEnrolment != null) {
          w.uint32(66)
          TotpEnrolment.codec().encode(obj.totpEnrolment, w)
        }

        if (obj.recoveryCodes != null) {
          w.uint32(74)
          RecoveryCodes.codec().encode(obj.recoveryCodes, w)
        }

        if (obj.sessionList != null) {
          w.uint32(82)
          SessionList.codec().encode(obj.sessionList, w)
        }

        if (obj.account != null) {
          w.uint32(90)
          Account.codec().encode(obj.account, w)
        }

        if (obj.depositedMany != null) {
          w.uint32(98)
          DepositedMany.codec().encode(obj.depositedMany, w)
        }

        if (obj.groupPosted != null) {
          w.uint32(106)
          GroupPosted.codec().encode(obj.groupPosted, w)
        }

        if (obj.groupMail != null) {
          w.uint32(114)
          GroupMail.codec().encode(obj.groupMail, w)
        }

        if (obj.groupReceipts != null) {
          w.uint32(122)
          GroupReceipts.codec().encode(obj.groupReceipts, w)
        }

        if (obj.bundlesMany != null) {
          w.uint32(130)
          BundlesMany.codec().encode(obj.bundlesMany, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.error = RpcError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            case 3: {
              obj.ok = Ok.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ok
              })
              break
            }
            case 4: {
              obj.session = Session.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.session
              })
              break
            }
            case 5: {
              obj.bundles = Bundles.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.bundles
              })
              break
            }
            case 6: {
              obj.deposited = Deposited.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposited
              })
              break
            }
            case 7: {
              obj.mail = Mail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.mail
              })
              break
            }
            case 8: {
              obj.totpEnrolment = TotpEnrolment.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.totpEnrolment
              })
              break
            }
            case 9: {
              obj.recoveryCodes = RecoveryCodes.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.recoveryCodes
              })
              break
            }
            case 10: {
              obj.sessionList = SessionList.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sessionList
              })
              break
            }
            case 11: {
              obj.account = Account.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.account
              })
              break
            }
            case 12: {
              obj.depositedMany = DepositedMany.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.depositedMany
              })
              break
            }
            case 13: {
              obj.groupPosted = GroupPosted.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupPosted
              })
              break
            }
            case 14: {
              obj.groupMail = GroupMail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupMail
              })
              break
            }
            case 15: {
              obj.groupReceipts = GroupReceipts.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupReceipts
              })
              break
            }
            case 16: {
              obj.bundlesMany = BundlesMany.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.bundlesMany
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.bundlesMany != null) {
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.groupReceipts != null) {
          delete obj.bundlesMany
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.groupMail != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.groupPosted != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.depositedMany != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.account != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.sessionList != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.recoveryCodes != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.totpEnrolment != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.mail != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.deposited != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.bundles
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.bundles != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.session
          delete obj.ok
          delete obj.error
        }

        if (obj.session != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.ok
          delete obj.error
        }

        if (obj.ok != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.error
        }

        if (obj.error != null) {
          delete obj.bundlesMany
          delete obj.groupReceipts
          delete obj.groupMail
          delete obj.groupPosted
          delete obj.depositedMany
          delete obj.account
          delete obj.sessionList
          delete obj.recoveryCodes
          delete obj.totpEnrolment
          delete obj.mail
          delete obj.deposited
          delete obj.bundles
          delete obj.session
          delete obj.ok
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * RpcError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            case 3: {
              yield * Ok.codec().stream(reader, reader.uint32(), `${prefix}.ok`, {
                limits: opts.limits?.ok
              })

              break
            }
            case 4: {
              yield * Session.codec().stream(reader, reader.uint32(), `${prefix}.session`, {
                limits: opts.limits?.session
              })

              break
            }
            case 5: {
              yield * Bundles.codec().stream(reader, reader.uint32(), `${prefix}.bundles`, {
                limits: opts.limits?.bundles
              })

              break
            }
            case 6: {
              yield * Deposited.codec().stream(reader, reader.uint32(), `${prefix}.deposited`, {
                limits: opts.limits?.deposited
              })

              break
            }
            case 7: {
              yield * Mail.codec().stream(reader, reader.uint32(), `${prefix}.mail`, {
                limits: opts.limits?.mail
              })

              break
            }
            case 8: {
              yield * TotpEnrolment.codec().stream(reader, reader.uint32(), `${prefix}.totpEnrolment`, {
                limits: opts.limits?.totpEnrolment
              })

              break
            }
            case 9: {
              yield * RecoveryCodes.codec().stream(reader, reader.uint32(), `${prefix}.recoveryCodes`, {
                limits: opts.limits?.recoveryCodes
              })

              break
            }
            case 10: {
              yield * SessionList.codec().stream(reader, reader.uint32(), `${prefix}.sessionList`, {
                limits: opts.limits?.sessionList
              })

              break
            }
            case 11: {
              yield * Account.codec().stream(reader, reader.uint32(), `${prefix}.account`, {
                limits: opts.limits?.account
              })

              break
            }
            case 12: {
              yield * DepositedMany.codec().stream(reader, reader.uint32(), `${prefix}.depositedMany`, {
                limits: opts.limits?.depositedMany
              })

              break
            }
            case 13: {
              yield * GroupPosted.codec().stream(reader, reader.uint32(), `${prefix}.groupPosted`, {
                limits: opts.limits?.groupPosted
              })

              break
            }
            case 14: {
              yield * GroupMail.codec().stream(reader, reader.uint32(), `${prefix}.groupMail`, {
                limits: opts.limits?.groupMail
              })

              break
            }
            case 15: {
              yield * GroupReceipts.codec().stream(reader, reader.uint32(), `${prefix}.groupReceipts`, {
                limits: opts.limits?.groupReceipts
              })

              break
            }
            case 16: {
              yield * BundlesMany.codec().stream(reader, reader.uint32(), `${prefix}.bundlesMany`, {
                limits: opts.limits?.bundlesMany
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ResponseIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface ResponseErrorCodeFieldEvent {
    field: '$.error.code'
    value: string
  }

  export interface ResponseErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface ResponseErrorRetryAfterMsFieldEvent {
    field: '$.error.retryAfterMs'
    value: bigint
  }

  export interface ResponseSessionTokenFieldEvent {
    field: '$.session.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseSessionUserFieldEvent {
    field: '$.session.user'
    value: string
  }

  export interface ResponseSessionExpiresAtFieldEvent {
    field: '$.session.expiresAt'
    value: bigint
  }

  export interface ResponseBundlesUserFieldEvent {
    field: '$.bundles.user'
    value: string
  }

  export interface ResponseBundlesSignedBundlesFieldEvent {
    field: '$.bundles.signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseDepositedMessageIdFieldEvent {
    field: '$.deposited.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseDepositedDuplicateFieldEvent {
    field: '$.deposited.duplicate'
    value: boolean
  }

  export interface ResponseDepositedStoredAtFieldEvent {
    field: '$.deposited.storedAt'
    value: bigint
  }

  export interface ResponseMailItemsSeqFieldEvent {
    field: '$.mail.items[].seq'
    value: bigint
    index: number
  }

  export interface ResponseMailItemsEnvelopeFieldEvent {
    field: '$.mail.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ResponseMailItemsReceivedAtFieldEvent {
    field: '$.mail.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ResponseMailMoreFieldEvent {
    field: '$.mail.more'
    value: boolean
  }

  export interface ResponseTotpEnrolmentUriFieldEvent {
    field: '$.totpEnrolment.uri'
    value: string
  }

  export interface ResponseTotpEnrolmentSecretFieldEvent {
    field: '$.totpEnrolment.secret'
    value: string
  }

  export interface ResponseRecoveryCodesCodesFieldEvent {
    field: '$.recoveryCodes.codes[]'
    index: number
    value: string
  }

  export interface ResponseSessionListSessionsIdFieldEvent {
    field: '$.sessionList.sessions[].id'
    value: string
    index: number
  }

  export interface ResponseSessionListSessionsPeerIdFieldEvent {
    field: '$.sessionList.sessions[].peerId'
    value: string
    index: number
  }

  export interface ResponseSessionListSessionsCreatedAtFieldEvent {
    field: '$.sessionList.sessions[].createdAt'
    value: bigint
    index: number
  }

  export interface ResponseSessionListSessionsLastSeenFieldEvent {
    field: '$.sessionList.sessions[].lastSeen'
    value: bigint
    index: number
  }

  export interface ResponseSessionListSessionsCurrentFieldEvent {
    field: '$.sessionList.sessions[].current'
    value: boolean
    index: number
  }

  export interface ResponseSessionListSessionsExpiresAtFieldEvent {
    field: '$.sessionList.sessions[].expiresAt'
    value: bigint
    index: number
  }

  export interface ResponseAccountUserFieldEvent {
    field: '$.account.user'
    value: string
  }

  export interface ResponseAccountEmailFieldEvent {
    field: '$.account.email'
    value: string
  }

  export interface ResponseAccountTotpEnabledFieldEvent {
    field: '$.account.totpEnabled'
    value: boolean
  }

  export interface ResponseAccountRecoveryCodesLeftFieldEvent {
    field: '$.account.recoveryCodesLeft'
    value: number
  }

  export interface ResponseAccountPendingEmailFieldEvent {
    field: '$.account.pendingEmail'
    value: string
  }

  export interface ResponseDepositedManyResultsDepositedMessageIdFieldEvent {
    field: '$.depositedMany.results[].deposited.messageId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ResponseDepositedManyResultsDepositedDuplicateFieldEvent {
    field: '$.depositedMany.results[].deposited.duplicate'
    value: boolean
    index: number
  }

  export interface ResponseDepositedManyResultsDepositedStoredAtFieldEvent {
    field: '$.depositedMany.results[].deposited.storedAt'
    value: bigint
    index: number
  }

  export interface ResponseDepositedManyResultsErrorCodeFieldEvent {
    field: '$.depositedMany.results[].error.code'
    value: string
    index: number
  }

  export interface ResponseDepositedManyResultsErrorMessageFieldEvent {
    field: '$.depositedMany.results[].error.message'
    value: string
    index: number
  }

  export interface ResponseDepositedManyResultsErrorRetryAfterMsFieldEvent {
    field: '$.depositedMany.results[].error.retryAfterMs'
    value: bigint
    index: number
  }

  export interface ResponseGroupPostedSeqFieldEvent {
    field: '$.groupPosted.seq'
    value: bigint
  }

  export interface ResponseGroupPostedDuplicateFieldEvent {
    field: '$.groupPosted.duplicate'
    value: boolean
  }

  export interface ResponseGroupPostedStoredAtFieldEvent {
    field: '$.groupPosted.storedAt'
    value: bigint
  }

  export interface ResponseGroupMailGroupIdFieldEvent {
    field: '$.groupMail.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResponseGroupMailItemsSeqFieldEvent {
    field: '$.groupMail.items[].seq'
    value: bigint
    index: number
  }

  export interface ResponseGroupMailItemsMessageFieldEvent {
    field: '$.groupMail.items[].message'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ResponseGroupMailItemsReceivedAtFieldEvent {
    field: '$.groupMail.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface ResponseGroupMailMoreFieldEvent {
    field: '$.groupMail.more'
    value: boolean
  }

  export interface ResponseGroupReceiptsOfFieldEvent {
    field: '$.groupReceipts.of'
    value: number
  }

  export interface ResponseGroupReceiptsDeliveredFieldEvent {
    field: '$.groupReceipts.delivered'
    value: number
  }

  export interface ResponseGroupReceiptsReadFieldEvent {
    field: '$.groupReceipts.read'
    value: number
  }

  export interface ResponseGroupReceiptsMembersUserFieldEvent {
    field: '$.groupReceipts.members[].user'
    value: string
    index: number
  }

  export interface ResponseGroupReceiptsMembersDeliveredFieldEvent {
    field: '$.groupReceipts.members[].delivered'
    value: boolean
    index: number
  }

  export interface ResponseGroupReceiptsMembersReadFieldEvent {
    field: '$.groupReceipts.members[].read'
    value: boolean
    index: number
  }

  export interface ResponseBundlesManyUsersUserFieldEvent {
    field: '$.bundlesMany.users[].user'
    value: string
    index: number
  }

  export interface ResponseBundlesManyUsersSignedBundlesFieldEvent {
    field: '$.bundlesMany.users[].signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Response>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Response.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Response {
    return decodeMessage(buf, Response.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Response>): Generator<ResponseIdFieldEvent | ResponseErrorCodeFieldEvent | ResponseErrorMessageFieldEvent | ResponseErrorRetryAfterMsFieldEvent | ResponseSessionTokenFieldEvent | ResponseSessionUserFieldEvent | ResponseSessionExpiresAtFieldEvent | ResponseBundlesUserFieldEvent | ResponseBundlesSignedBundlesFieldEvent | ResponseDepositedMessageIdFieldEvent | ResponseDepositedDuplicateFieldEvent | ResponseDepositedStoredAtFieldEvent | ResponseMailItemsSeqFieldEvent | ResponseMailItemsEnvelopeFieldEvent | ResponseMailItemsReceivedAtFieldEvent | ResponseMailMoreFieldEvent | ResponseTotpEnrolmentUriFieldEvent | ResponseTotpEnrolmentSecretFieldEvent | ResponseRecoveryCodesCodesFieldEvent | ResponseSessionListSessionsIdFieldEvent | ResponseSessionListSessionsPeerIdFieldEvent | ResponseSessionListSessionsCreatedAtFieldEvent | ResponseSessionListSessionsLastSeenFieldEvent | ResponseSessionListSessionsCurrentFieldEvent | ResponseSessionListSessionsExpiresAtFieldEvent | ResponseAccountUserFieldEvent | ResponseAccountEmailFieldEvent | ResponseAccountTotpEnabledFieldEvent | ResponseAccountRecoveryCodesLeftFieldEvent | ResponseAccountPendingEmailFieldEvent | ResponseDepositedManyResultsDepositedMessageIdFieldEvent | ResponseDepositedManyResultsDepositedDuplicateFieldEvent | ResponseDepositedManyResultsDepositedStoredAtFieldEvent | ResponseDepositedManyResultsErrorCodeFieldEvent | ResponseDepositedManyResultsErrorMessageFieldEvent | ResponseDepositedManyResultsErrorRetryAfterMsFieldEvent | ResponseGroupPostedSeqFieldEvent | ResponseGroupPostedDuplicateFieldEvent | ResponseGroupPostedStoredAtFieldEvent | ResponseGroupMailGroupIdFieldEvent | ResponseGroupMailItemsSeqFieldEvent | ResponseGroupMailItemsMessageFieldEvent | ResponseGroupMailItemsReceivedAtFieldEvent | ResponseGroupMailMoreFieldEvent | ResponseGroupReceiptsOfFieldEvent | ResponseGroupReceiptsDeliveredFieldEvent | ResponseGroupReceiptsReadFieldEvent | ResponseGroupReceiptsMembersUserFieldEvent | ResponseGroupReceiptsMembersDeliveredFieldEvent | ResponseGroupReceiptsMembersReadFieldEvent | ResponseBundlesManyUsersUserFieldEvent | ResponseBundlesManyUsersSignedBundlesFieldEvent> {
    return streamMessage(buf, Response.codec(), opts)
  }
}

export interface RpcError {
  code: string
  message: string
  retryAfterMs: bigint
}

export namespace RpcError {
  let _codec: Codec<RpcError>

  export const codec = (): Codec<RpcError> => {
    if (_codec == null) {
      _codec = message<RpcError>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.code != null && obj.code !== '')) {
          w.uint32(10)
          w.string(obj.code)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if ((obj.retryAfterMs != null && obj.retryAfterMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.retryAfterMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: '',
          message: '',
          retryAfterMs: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = reader.string()
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              obj.retryAfterMs = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.retryAfterMs`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RpcErrorCodeFieldEvent {
    field: '$.code'
    value: string
  }

  export interface RpcErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface RpcErrorRetryAfterMsFieldEvent {
    field: '$.retryAfterMs'
    value: bigint
  }

  export function encode (obj: Partial<RpcError>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RpcError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcError>): RpcError {
    return decodeMessage(buf, RpcError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcError>): Generator<RpcErrorCodeFieldEvent | RpcErrorMessageFieldEvent | RpcErrorRetryAfterMsFieldEvent> {
    return streamMessage(buf, RpcError.codec(), opts)
  }
}

export interface Ok {}

export namespace Ok {
  let _codec: Codec<Ok>

  export const codec = (): Codec<Ok> => {
    if (_codec == null) {
      _codec = message<Ok>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<Ok>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ok.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ok>): Ok {
    return decodeMessage(buf, Ok.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ok>): Generator<{}> {
    return streamMessage(buf, Ok.codec(), opts)
  }
}

export interface Session {
  token: Uint8Array<ArrayBuffer>
  user: string
  expiresAt: bigint
}

export namespace Session {
  let _codec: Codec<Session>

  export const codec = (): Codec<Session> => {
    if (_codec == null) {
      _codec = message<Session>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.token != null && obj.token.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.token)
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(18)
          w.string(obj.user)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          token: uint8ArrayAlloc(0),
          user: '',
          expiresAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.token = reader.bytes()
              break
            }
            case 2: {
              obj.user = reader.string()
              break
            }
            case 3: {
              obj.expiresAt = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.token`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SessionTokenFieldEvent {
    field: '$.token'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SessionUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface SessionExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<Session>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Session.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Session>): Session {
    return decodeMessage(buf, Session.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Session>): Generator<SessionTokenFieldEvent | SessionUserFieldEvent | SessionExpiresAtFieldEvent> {
    return streamMessage(buf, Session.codec(), opts)
  }
}

export interface Bundles {
  user: string
  signedBundles: Uint8Array<ArrayBuffer>[]
}

export namespace Bundles {
  let _codec: Codec<Bundles>

  export const codec = (): Codec<Bundles> => {
    if (_codec == null) {
      _codec = message<Bundles>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if (obj.signedBundles != null && obj.signedBundles.length > 0) {
          for (const value of obj.signedBundles) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: '',
          signedBundles: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.signedBundles != null && obj.signedBundles.length === opts.limits.signedBundles) {
                throw new MaxLengthError('Decode error - repeated field "signedBundles" had too many elements')
              }

              obj.signedBundles.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          signedBundles: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.signedBundles != null && obj.signedBundles === opts.limits.signedBundles) {
                throw new MaxLengthError('Streaming decode error - repeated field "signedBundles" had too many elements')
              }

              yield {
                field: `${prefix}.signedBundles[]`,
                index: obj.signedBundles,
                value: reader.bytes()
              }

              obj.signedBundles++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BundlesUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface BundlesSignedBundlesFieldEvent {
    field: '$.signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Bundles>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Bundles.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bundles>): Bundles {
    return decodeMessage(buf, Bundles.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bundles>): Generator<BundlesUserFieldEvent | BundlesSignedBundlesFieldEvent> {
    return streamMessage(buf, Bundles.codec(), opts)
  }
}

export interface BundlesMany {
  users: Bundles[]
}

export namespace BundlesMany {
  let _codec: Codec<BundlesMany>

  export const codec = (): Codec<BundlesMany> => {
    if (_codec == null) {
      _codec = message<BundlesMany>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.users != null && obj.users.length > 0) {
          for (const value of obj.users) {
            w.uint32(10)
            Bundles.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          users: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users.length === opts.limits.users) {
                throw new MaxLengthError('Decode error - repeated field "users" had too many elements')
              }

              obj.users.push(Bundles.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.users$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          users: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users === opts.limits.users) {
                throw new MaxLengthError('Streaming decode error - repeated field "users" had too many elements')
              }

              for (const evt of Bundles.codec().stream(reader, reader.uint32(), `${prefix}.users[]`, {
                limits: opts.limits?.users$
              })) {
                yield {
                  ...evt,
                  index: obj.users
                }
              }

              obj.users++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BundlesManyUsersUserFieldEvent {
    field: '$.users[].user'
    value: string
    index: number
  }

  export interface BundlesManyUsersSignedBundlesFieldEvent {
    field: '$.users[].signedBundles[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BundlesMany>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BundlesMany.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BundlesMany>): BundlesMany {
    return decodeMessage(buf, BundlesMany.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BundlesMany>): Generator<BundlesManyUsersUserFieldEvent | BundlesManyUsersSignedBundlesFieldEvent> {
    return streamMessage(buf, BundlesMany.codec(), opts)
  }
}

export interface Deposited {
  messageId: Uint8Array<ArrayBuffer>
  duplicate: boolean
  storedAt: bigint
}

export namespace Deposited {
  let _codec: Codec<Deposited>

  export const codec = (): Codec<Deposited> => {
    if (_codec == null) {
      _codec = message<Deposited>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.messageId != null && obj.messageId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.messageId)
        }

        if ((obj.duplicate != null && obj.duplicate !== false)) {
          w.uint32(16)
          w.bool(obj.duplicate)
        }

        if ((obj.storedAt != null && obj.storedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.storedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          messageId: uint8ArrayAlloc(0),
          duplicate: false,
          storedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.messageId = reader.bytes()
              break
            }
            case 2: {
              obj.duplicate = reader.bool()
              break
            }
            case 3: {
              obj.storedAt = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.messageId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.duplicate`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.storedAt`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositedMessageIdFieldEvent {
    field: '$.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DepositedDuplicateFieldEvent {
    field: '$.duplicate'
    value: boolean
  }

  export interface DepositedStoredAtFieldEvent {
    field: '$.storedAt'
    value: bigint
  }

  export function encode (obj: Partial<Deposited>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Deposited.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposited>): Deposited {
    return decodeMessage(buf, Deposited.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Deposited>): Generator<DepositedMessageIdFieldEvent | DepositedDuplicateFieldEvent | DepositedStoredAtFieldEvent> {
    return streamMessage(buf, Deposited.codec(), opts)
  }
}

export interface DepositOutcome {
  deposited?: Deposited
  error?: RpcError
}

export namespace DepositOutcome {
  let _codec: Codec<DepositOutcome>

  export const codec = (): Codec<DepositOutcome> => {
    if (_codec == null) {
      _codec = message<DepositOutcome>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.error != null) {
          obj.deposited = undefined
        }

        if (obj.deposited != null) {
          obj.error = undefined
        }

        if (obj.deposited != null) {
          w.uint32(10)
          Deposited.codec().encode(obj.deposited, w)
        }

        if (obj.error != null) {
          w.uint32(18)
          RpcError.codec().encode(obj.error, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deposited = Deposited.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposited
              })
              break
            }
            case 2: {
              obj.error = RpcError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.error != null) {
          delete obj.deposited
        }

        if (obj.deposited != null) {
          delete obj.error
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Deposited.codec().stream(reader, reader.uint32(), `${prefix}.deposited`, {
                limits: opts.limits?.deposited
              })

              break
            }
            case 2: {
              yield * RpcError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositOutcomeDepositedMessageIdFieldEvent {
    field: '$.deposited.messageId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DepositOutcomeDepositedDuplicateFieldEvent {
    field: '$.deposited.duplicate'
    value: boolean
  }

  export interface DepositOutcomeDepositedStoredAtFieldEvent {
    field: '$.deposited.storedAt'
    value: bigint
  }

  export interface DepositOutcomeErrorCodeFieldEvent {
    field: '$.error.code'
    value: string
  }

  export interface DepositOutcomeErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface DepositOutcomeErrorRetryAfterMsFieldEvent {
    field: '$.error.retryAfterMs'
    value: bigint
  }

  export function encode (obj: Partial<DepositOutcome>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DepositOutcome.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositOutcome>): DepositOutcome {
    return decodeMessage(buf, DepositOutcome.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositOutcome>): Generator<DepositOutcomeDepositedMessageIdFieldEvent | DepositOutcomeDepositedDuplicateFieldEvent | DepositOutcomeDepositedStoredAtFieldEvent | DepositOutcomeErrorCodeFieldEvent | DepositOutcomeErrorMessageFieldEvent | DepositOutcomeErrorRetryAfterMsFieldEvent> {
    return streamMessage(buf, DepositOutcome.codec(), opts)
  }
}

export interface DepositedMany {
  results: DepositOutcome[]
}

export namespace DepositedMany {
  let _codec: Codec<DepositedMany>

  export const codec = (): Codec<DepositedMany> => {
    if (_codec == null) {
      _codec = message<DepositedMany>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.results != null && obj.results.length > 0) {
          for (const value of obj.results) {
            w.uint32(10)
            DepositOutcome.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          results: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.results != null && obj.results.length === opts.limits.results) {
                throw new MaxLengthError('Decode error - repeated field "results" had too many elements')
              }

              obj.results.push(DepositOutcome.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.results$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          results: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.results != null && obj.results === opts.limits.results) {
                throw new MaxLengthError('Streaming decode error - repeated field "results" had too many elements')
              }

              for (const evt of DepositOutcome.codec().stream(reader, reader.uint32(), `${prefix}.results[]`, {
                limits: opts.limits?.results$
              })) {
                yield {
                  ...evt,
                  index: obj.results
                }
              }

              obj.results++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DepositedManyResultsDepositedMessageIdFieldEvent {
    field: '$.results[].deposited.messageId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface DepositedManyResultsDepositedDuplicateFieldEvent {
    field: '$.results[].deposited.duplicate'
    value: boolean
    index: number
  }

  export interface DepositedManyResultsDepositedStoredAtFieldEvent {
    field: '$.results[].deposited.storedAt'
    value: bigint
    index: number
  }

  export interface DepositedManyResultsErrorCodeFieldEvent {
    field: '$.results[].error.code'
    value: string
    index: number
  }

  export interface DepositedManyResultsErrorMessageFieldEvent {
    field: '$.results[].error.message'
    value: string
    index: number
  }

  export interface DepositedManyResultsErrorRetryAfterMsFieldEvent {
    field: '$.results[].error.retryAfterMs'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<DepositedMany>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DepositedMany.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositedMany>): DepositedMany {
    return decodeMessage(buf, DepositedMany.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DepositedMany>): Generator<DepositedManyResultsDepositedMessageIdFieldEvent | DepositedManyResultsDepositedDuplicateFieldEvent | DepositedManyResultsDepositedStoredAtFieldEvent | DepositedManyResultsErrorCodeFieldEvent | DepositedManyResultsErrorMessageFieldEvent | DepositedManyResultsErrorRetryAfterMsFieldEvent> {
    return streamMessage(buf, DepositedMany.codec(), opts)
  }
}

export interface MailItem {
  seq: bigint
  envelope: Uint8Array<ArrayBuffer>
  receivedAt: bigint
}

export namespace MailItem {
  let _codec: Codec<MailItem>

  export const codec = (): Codec<MailItem> => {
    if (_codec == null) {
      _codec = message<MailItem>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.seq)
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.envelope)
        }

        if ((obj.receivedAt != null && obj.receivedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.receivedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0n,
          envelope: uint8ArrayAlloc(0),
          receivedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64()
              break
            }
            case 2: {
              obj.envelope = reader.bytes()
              break
            }
            case 3: {
              obj.receivedAt = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.envelope`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.receivedAt`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailItemSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface MailItemEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailItemReceivedAtFieldEvent {
    field: '$.receivedAt'
    value: bigint
  }

  export function encode (obj: Partial<MailItem>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailItem.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailItem>): MailItem {
    return decodeMessage(buf, MailItem.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailItem>): Generator<MailItemSeqFieldEvent | MailItemEnvelopeFieldEvent | MailItemReceivedAtFieldEvent> {
    return streamMessage(buf, MailItem.codec(), opts)
  }
}

export interface Mail {
  items: MailItem[]
  more: boolean
}

export namespace Mail {
  let _codec: Codec<Mail>

  export const codec = (): Codec<Mail> => {
    if (_codec == null) {
      _codec = message<Mail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(10)
            MailItem.codec().encode(value, w)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(16)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          items: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(MailItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
              }))
              break
            }
            case 2: {
              obj.more = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of MailItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailItemsSeqFieldEvent {
    field: '$.items[].seq'
    value: bigint
    index: number
  }

  export interface MailItemsEnvelopeFieldEvent {
    field: '$.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailItemsReceivedAtFieldEvent {
    field: '$.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface MailMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<Mail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Mail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Mail>): Mail {
    return decodeMessage(buf, Mail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Mail>): Generator<MailItemsSeqFieldEvent | MailItemsEnvelopeFieldEvent | MailItemsReceivedAtFieldEvent | MailMoreFieldEvent> {
    return streamMessage(buf, Mail.codec(), opts)
  }
}

export interface Push {
  items: MailItem[]
  devicesChanged?: DevicesChanged
  group?: GroupMail
}

export namespace Push {
  let _codec: Codec<Push>

  export const codec = (): Codec<Push> => {
    if (_codec == null) {
      _codec = message<Push>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(10)
            MailItem.codec().encode(value, w)
          }
        }

        if (obj.devicesChanged != null) {
          w.uint32(18)
          DevicesChanged.codec().encode(obj.devicesChanged, w)
        }

        if (obj.group != null) {
          w.uint32(26)
          GroupMail.codec().encode(obj.group, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          items: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(MailItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
              }))
              break
            }
            case 2: {
              obj.devicesChanged = DevicesChanged.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.devicesChanged
              })
              break
            }
            case 3: {
              obj.group = GroupMail.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.group
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of MailItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

              break
            }
            case 2: {
              yield * DevicesChanged.codec().stream(reader, reader.uint32(), `${prefix}.devicesChanged`, {
                limits: opts.limits?.devicesChanged
              })

              break
            }
            case 3: {
              yield * GroupMail.codec().stream(reader, reader.uint32(), `${prefix}.group`, {
                limits: opts.limits?.group
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PushItemsSeqFieldEvent {
    field: '$.items[].seq'
    value: bigint
    index: number
  }

  export interface PushItemsEnvelopeFieldEvent {
    field: '$.items[].envelope'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PushItemsReceivedAtFieldEvent {
    field: '$.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface PushDevicesChangedUsersFieldEvent {
    field: '$.devicesChanged.users[]'
    index: number
    value: string
  }

  export interface PushGroupGroupIdFieldEvent {
    field: '$.group.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PushGroupItemsSeqFieldEvent {
    field: '$.group.items[].seq'
    value: bigint
    index: number
  }

  export interface PushGroupItemsMessageFieldEvent {
    field: '$.group.items[].message'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PushGroupItemsReceivedAtFieldEvent {
    field: '$.group.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface PushGroupMoreFieldEvent {
    field: '$.group.more'
    value: boolean
  }

  export function encode (obj: Partial<Push>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Push.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Push>): Push {
    return decodeMessage(buf, Push.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Push>): Generator<PushItemsSeqFieldEvent | PushItemsEnvelopeFieldEvent | PushItemsReceivedAtFieldEvent | PushDevicesChangedUsersFieldEvent | PushGroupGroupIdFieldEvent | PushGroupItemsSeqFieldEvent | PushGroupItemsMessageFieldEvent | PushGroupItemsReceivedAtFieldEvent | PushGroupMoreFieldEvent> {
    return streamMessage(buf, Push.codec(), opts)
  }
}

export interface DevicesChanged {
  users: string[]
}

export namespace DevicesChanged {
  let _codec: Codec<DevicesChanged>

  export const codec = (): Codec<DevicesChanged> => {
    if (_codec == null) {
      _codec = message<DevicesChanged>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.users != null && obj.users.length > 0) {
          for (const value of obj.users) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          users: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users.length === opts.limits.users) {
                throw new MaxLengthError('Decode error - repeated field "users" had too many elements')
              }

              obj.users.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          users: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.users != null && obj.users === opts.limits.users) {
                throw new MaxLengthError('Streaming decode error - repeated field "users" had too many elements')
              }

              yield {
                field: `${prefix}.users[]`,
                index: obj.users,
                value: reader.string()
              }

              obj.users++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DevicesChangedUsersFieldEvent {
    field: '$.users[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<DevicesChanged>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DevicesChanged.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DevicesChanged>): DevicesChanged {
    return decodeMessage(buf, DevicesChanged.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DevicesChanged>): Generator<DevicesChangedUsersFieldEvent> {
    return streamMessage(buf, DevicesChanged.codec(), opts)
  }
}

export interface TotpEnrolment {
  uri: string
  secret: string
}

export namespace TotpEnrolment {
  let _codec: Codec<TotpEnrolment>

  export const codec = (): Codec<TotpEnrolment> => {
    if (_codec == null) {
      _codec = message<TotpEnrolment>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.uri != null && obj.uri !== '')) {
          w.uint32(10)
          w.string(obj.uri)
        }

        if ((obj.secret != null && obj.secret !== '')) {
          w.uint32(18)
          w.string(obj.secret)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          uri: '',
          secret: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.uri = reader.string()
              break
            }
            case 2: {
              obj.secret = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.uri`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.secret`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TotpEnrolmentUriFieldEvent {
    field: '$.uri'
    value: string
  }

  export interface TotpEnrolmentSecretFieldEvent {
    field: '$.secret'
    value: string
  }

  export function encode (obj: Partial<TotpEnrolment>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TotpEnrolment.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpEnrolment>): TotpEnrolment {
    return decodeMessage(buf, TotpEnrolment.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TotpEnrolment>): Generator<TotpEnrolmentUriFieldEvent | TotpEnrolmentSecretFieldEvent> {
    return streamMessage(buf, TotpEnrolment.codec(), opts)
  }
}

export interface RecoveryCodes {
  codes: string[]
}

export namespace RecoveryCodes {
  let _codec: Codec<RecoveryCodes>

  export const codec = (): Codec<RecoveryCodes> => {
    if (_codec == null) {
      _codec = message<RecoveryCodes>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.codes != null && obj.codes.length > 0) {
          for (const value of obj.codes) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          codes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.codes != null && obj.codes.length === opts.limits.codes) {
                throw new MaxLengthError('Decode error - repeated field "codes" had too many elements')
              }

              obj.codes.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          codes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.codes != null && obj.codes === opts.limits.codes) {
                throw new MaxLengthError('Streaming decode error - repeated field "codes" had too many elements')
              }

              yield {
                field: `${prefix}.codes[]`,
                index: obj.codes,
                value: reader.string()
              }

              obj.codes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RecoveryCodesCodesFieldEvent {
    field: '$.codes[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<RecoveryCodes>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RecoveryCodes.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RecoveryCodes>): RecoveryCodes {
    return decodeMessage(buf, RecoveryCodes.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RecoveryCodes>): Generator<RecoveryCodesCodesFieldEvent> {
    return streamMessage(buf, RecoveryCodes.codec(), opts)
  }
}

export interface SessionInfo {
  id: string
  peerId: string
  createdAt: bigint
  lastSeen: bigint
  current: boolean
  expiresAt: bigint
}

export namespace SessionInfo {
  let _codec: Codec<SessionInfo>

  export const codec = (): Codec<SessionInfo> => {
    if (_codec == null) {
      _codec = message<SessionInfo>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(18)
          w.string(obj.peerId)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.createdAt)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0n)) {
          w.uint32(32)
          w.uint64(obj.lastSeen)
        }

        if ((obj.current != null && obj.current !== false)) {
          w.uint32(40)
          w.bool(obj.current)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(48)
          w.uint64(obj.expiresAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          peerId: '',
          createdAt: 0n,
          lastSeen: 0n,
          current: false,
          expiresAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.peerId = reader.string()
              break
            }
            case 3: {
              obj.createdAt = reader.uint64()
              break
            }
            case 4: {
              obj.lastSeen = reader.uint64()
              break
            }
            case 5: {
              obj.current = reader.bool()
              break
            }
            case 6: {
              obj.expiresAt = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.createdAt`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.lastSeen`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.current`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SessionInfoIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface SessionInfoPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface SessionInfoCreatedAtFieldEvent {
    field: '$.createdAt'
    value: bigint
  }

  export interface SessionInfoLastSeenFieldEvent {
    field: '$.lastSeen'
    value: bigint
  }

  export interface SessionInfoCurrentFieldEvent {
    field: '$.current'
    value: boolean
  }

  export interface SessionInfoExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export function encode (obj: Partial<SessionInfo>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SessionInfo.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SessionInfo>): SessionInfo {
    return decodeMessage(buf, SessionInfo.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SessionInfo>): Generator<SessionInfoIdFieldEvent | SessionInfoPeerIdFieldEvent | SessionInfoCreatedAtFieldEvent | SessionInfoLastSeenFieldEvent | SessionInfoCurrentFieldEvent | SessionInfoExpiresAtFieldEvent> {
    return streamMessage(buf, SessionInfo.codec(), opts)
  }
}

export interface SessionList {
  sessions: SessionInfo[]
}

export namespace SessionList {
  let _codec: Codec<SessionList>

  export const codec = (): Codec<SessionList> => {
    if (_codec == null) {
      _codec = message<SessionList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.sessions != null && obj.sessions.length > 0) {
          for (const value of obj.sessions) {
            w.uint32(10)
            SessionInfo.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sessions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.sessions != null && obj.sessions.length === opts.limits.sessions) {
                throw new MaxLengthError('Decode error - repeated field "sessions" had too many elements')
              }

              obj.sessions.push(SessionInfo.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sessions$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          sessions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.sessions != null && obj.sessions === opts.limits.sessions) {
                throw new MaxLengthError('Streaming decode error - repeated field "sessions" had too many elements')
              }

              for (const evt of SessionInfo.codec().stream(reader, reader.uint32(), `${prefix}.sessions[]`, {
                limits: opts.limits?.sessions$
              })) {
                yield {
                  ...evt,
                  index: obj.sessions
                }
              }

              obj.sessions++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SessionListSessionsIdFieldEvent {
    field: '$.sessions[].id'
    value: string
    index: number
  }

  export interface SessionListSessionsPeerIdFieldEvent {
    field: '$.sessions[].peerId'
    value: string
    index: number
  }

  export interface SessionListSessionsCreatedAtFieldEvent {
    field: '$.sessions[].createdAt'
    value: bigint
    index: number
  }

  export interface SessionListSessionsLastSeenFieldEvent {
    field: '$.sessions[].lastSeen'
    value: bigint
    index: number
  }

  export interface SessionListSessionsCurrentFieldEvent {
    field: '$.sessions[].current'
    value: boolean
    index: number
  }

  export interface SessionListSessionsExpiresAtFieldEvent {
    field: '$.sessions[].expiresAt'
    value: bigint
    index: number
  }

  export function encode (obj: Partial<SessionList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SessionList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SessionList>): SessionList {
    return decodeMessage(buf, SessionList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SessionList>): Generator<SessionListSessionsIdFieldEvent | SessionListSessionsPeerIdFieldEvent | SessionListSessionsCreatedAtFieldEvent | SessionListSessionsLastSeenFieldEvent | SessionListSessionsCurrentFieldEvent | SessionListSessionsExpiresAtFieldEvent> {
    return streamMessage(buf, SessionList.codec(), opts)
  }
}

export interface Account {
  user: string
  email: string
  totpEnabled: boolean
  recoveryCodesLeft: number
  pendingEmail: string
}

export namespace Account {
  let _codec: Codec<Account>

  export const codec = (): Codec<Account> => {
    if (_codec == null) {
      _codec = message<Account>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if ((obj.email != null && obj.email !== '')) {
          w.uint32(18)
          w.string(obj.email)
        }

        if ((obj.totpEnabled != null && obj.totpEnabled !== false)) {
          w.uint32(24)
          w.bool(obj.totpEnabled)
        }

        if ((obj.recoveryCodesLeft != null && obj.recoveryCodesLeft !== 0)) {
          w.uint32(32)
          w.uint32(obj.recoveryCodesLeft)
        }

        if ((obj.pendingEmail != null && obj.pendingEmail !== '')) {
          w.uint32(42)
          w.string(obj.pendingEmail)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: '',
          email: '',
          totpEnabled: false,
          recoveryCodesLeft: 0,
          pendingEmail: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
              break
            }
            case 2: {
              obj.email = reader.string()
              break
            }
            case 3: {
              obj.totpEnabled = reader.bool()
              break
            }
            case 4: {
              obj.recoveryCodesLeft = reader.uint32()
              break
            }
            case 5: {
              obj.pendingEmail = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.email`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.totpEnabled`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.recoveryCodesLeft`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.pendingEmail`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AccountUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface AccountEmailFieldEvent {
    field: '$.email'
    value: string
  }

  export interface AccountTotpEnabledFieldEvent {
    field: '$.totpEnabled'
    value: boolean
  }

  export interface AccountRecoveryCodesLeftFieldEvent {
    field: '$.recoveryCodesLeft'
    value: number
  }

  export interface AccountPendingEmailFieldEvent {
    field: '$.pendingEmail'
    value: string
  }

  export function encode (obj: Partial<Account>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Account.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Account>): Account {
    return decodeMessage(buf, Account.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Account>): Generator<AccountUserFieldEvent | AccountEmailFieldEvent | AccountTotpEnabledFieldEvent | AccountRecoveryCodesLeftFieldEvent | AccountPendingEmailFieldEvent> {
    return streamMessage(buf, Account.codec(), opts)
  }
}

export interface GroupPosted {
  seq: bigint
  duplicate: boolean
  storedAt: bigint
}

export namespace GroupPosted {
  let _codec: Codec<GroupPosted>

  export const codec = (): Codec<GroupPosted> => {
    if (_codec == null) {
      _codec = message<GroupPosted>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.seq)
        }

        if ((obj.duplicate != null && obj.duplicate !== false)) {
          w.uint32(16)
          w.bool(obj.duplicate)
        }

        if ((obj.storedAt != null && obj.storedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.storedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0n,
          duplicate: false,
          storedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64()
              break
            }
            case 2: {
              obj.duplicate = reader.bool()
              break
            }
            case 3: {
              obj.storedAt = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.duplicate`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.storedAt`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupPostedSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface GroupPostedDuplicateFieldEvent {
    field: '$.duplicate'
    value: boolean
  }

  export interface GroupPostedStoredAtFieldEvent {
    field: '$.storedAt'
    value: bigint
  }

  export function encode (obj: Partial<GroupPosted>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupPosted.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPosted>): GroupPosted {
    return decodeMessage(buf, GroupPosted.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupPosted>): Generator<GroupPostedSeqFieldEvent | GroupPostedDuplicateFieldEvent | GroupPostedStoredAtFieldEvent> {
    return streamMessage(buf, GroupPosted.codec(), opts)
  }
}

export interface GroupItem {
  seq: bigint
  message: Uint8Array<ArrayBuffer>
  receivedAt: bigint
}

export namespace GroupItem {
  let _codec: Codec<GroupItem>

  export const codec = (): Codec<GroupItem> => {
    if (_codec == null) {
      _codec = message<GroupItem>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(8)
          w.uint64(obj.seq)
        }

        if ((obj.message != null && obj.message.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.message)
        }

        if ((obj.receivedAt != null && obj.receivedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.receivedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0n,
          message: uint8ArrayAlloc(0),
          receivedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64()
              break
            }
            case 2: {
              obj.message = reader.bytes()
              break
            }
            case 3: {
              obj.receivedAt = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.receivedAt`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupItemSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface GroupItemMessageFieldEvent {
    field: '$.message'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupItemReceivedAtFieldEvent {
    field: '$.receivedAt'
    value: bigint
  }

  export function encode (obj: Partial<GroupItem>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupItem.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupItem>): GroupItem {
    return decodeMessage(buf, GroupItem.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupItem>): Generator<GroupItemSeqFieldEvent | GroupItemMessageFieldEvent | GroupItemReceivedAtFieldEvent> {
    return streamMessage(buf, GroupItem.codec(), opts)
  }
}

export interface GroupMail {
  groupId: Uint8Array<ArrayBuffer>
  items: GroupItem[]
  more: boolean
}

export namespace GroupMail {
  let _codec: Codec<GroupMail>

  export const codec = (): Codec<GroupMail> => {
    if (_codec == null) {
      _codec = message<GroupMail>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.groupId != null && obj.groupId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.groupId)
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(18)
            GroupItem.codec().encode(value, w)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(24)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupId: uint8ArrayAlloc(0),
          items: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.groupId = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(GroupItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
              }))
              break
            }
            case 3: {
              obj.more = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.groupId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of GroupItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupMailGroupIdFieldEvent {
    field: '$.groupId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMailItemsSeqFieldEvent {
    field: '$.items[].seq'
    value: bigint
    index: number
  }

  export interface GroupMailItemsMessageFieldEvent {
    field: '$.items[].message'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMailItemsReceivedAtFieldEvent {
    field: '$.items[].receivedAt'
    value: bigint
    index: number
  }

  export interface GroupMailMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<GroupMail>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMail.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMail>): GroupMail {
    return decodeMessage(buf, GroupMail.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMail>): Generator<GroupMailGroupIdFieldEvent | GroupMailItemsSeqFieldEvent | GroupMailItemsMessageFieldEvent | GroupMailItemsReceivedAtFieldEvent | GroupMailMoreFieldEvent> {
    return streamMessage(buf, GroupMail.codec(), opts)
  }
}

export interface MemberReceipt {
  user: string
  delivered: boolean
  read: boolean
}

export namespace MemberReceipt {
  let _codec: Codec<MemberReceipt>

  export const codec = (): Codec<MemberReceipt> => {
    if (_codec == null) {
      _codec = message<MemberReceipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.user != null && obj.user !== '')) {
          w.uint32(10)
          w.string(obj.user)
        }

        if ((obj.delivered != null && obj.delivered !== false)) {
          w.uint32(16)
          w.bool(obj.delivered)
        }

        if ((obj.read != null && obj.read !== false)) {
          w.uint32(24)
          w.bool(obj.read)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          user: '',
          delivered: false,
          read: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.user = reader.string()
              break
            }
            case 2: {
              obj.delivered = reader.bool()
              break
            }
            case 3: {
              obj.read = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.user`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.delivered`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.read`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MemberReceiptUserFieldEvent {
    field: '$.user'
    value: string
  }

  export interface MemberReceiptDeliveredFieldEvent {
    field: '$.delivered'
    value: boolean
  }

  export interface MemberReceiptReadFieldEvent {
    field: '$.read'
    value: boolean
  }

  export function encode (obj: Partial<MemberReceipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MemberReceipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberReceipt>): MemberReceipt {
    return decodeMessage(buf, MemberReceipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MemberReceipt>): Generator<MemberReceiptUserFieldEvent | MemberReceiptDeliveredFieldEvent | MemberReceiptReadFieldEvent> {
    return streamMessage(buf, MemberReceipt.codec(), opts)
  }
}

export interface GroupReceipts {
  of: number
  delivered: number
  read: number
  members: MemberReceipt[]
}

export namespace GroupReceipts {
  let _codec: Codec<GroupReceipts>

  export const codec = (): Codec<GroupReceipts> => {
    if (_codec == null) {
      _codec = message<GroupReceipts>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.of != null && obj.of !== 0)) {
          w.uint32(8)
          w.uint32(obj.of)
        }

        if ((obj.delivered != null && obj.delivered !== 0)) {
          w.uint32(16)
          w.uint32(obj.delivered)
        }

        if ((obj.read != null && obj.read !== 0)) {
          w.uint32(24)
          w.uint32(obj.read)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(34)
            MemberReceipt.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          of: 0,
          delivered: 0,
          read: 0,
          members: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.of = reader.uint32()
              break
            }
            case 2: {
              obj.delivered = reader.uint32()
              break
            }
            case 3: {
              obj.read = reader.uint32()
              break
            }
            case 4: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(MemberReceipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.members$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          members: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.of`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.delivered`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.read`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              for (const evt of MemberReceipt.codec().stream(reader, reader.uint32(), `${prefix}.members[]`, {
                limits: opts.limits?.members$
              })) {
                yield {
                  ...evt,
                  index: obj.members
                }
              }

              obj.members++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupReceiptsOfFieldEvent {
    field: '$.of'
    value: number
  }

  export interface GroupReceiptsDeliveredFieldEvent {
    field: '$.delivered'
    value: number
  }

  export interface GroupReceiptsReadFieldEvent {
    field: '$.read'
    value: number
  }

  export interface GroupReceiptsMembersUserFieldEvent {
    field: '$.members[].user'
    value: string
    index: number
  }

  export interface GroupReceiptsMembersDeliveredFieldEvent {
    field: '$.members[].delivered'
    value: boolean
    index: number
  }

  export interface GroupReceiptsMembersReadFieldEvent {
    field: '$.members[].read'
    value: boolean
    index: number
  }

  export function encode (obj: Partial<GroupReceipts>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupReceipts.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupReceipts>): GroupReceipts {
    return decodeMessage(buf, GroupReceipts.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupReceipts>): Generator<GroupReceiptsOfFieldEvent | GroupReceiptsDeliveredFieldEvent | GroupReceiptsReadFieldEvent | GroupReceiptsMembersUserFieldEvent | GroupReceiptsMembersDeliveredFieldEvent | GroupReceiptsMembersReadFieldEvent> {
    return streamMessage(buf, GroupReceipts.codec(), opts)
  }
}
