/** Counters an operator (and the brute-force tests) read at /metrics. */
export class Metrics {
  /** Password hashes actually compared (each costs an scrypt). */
  passwordChecks = 0
  /** TOTP and recovery codes actually compared. */
  secondFactorChecks = 0
  /** Emailed codes (verification, email change, password reset) actually compared. */
  emailCodeChecks = 0
  /** Attempts refused by a rate limit before any check. */
  rateLimited = 0
  /** Requests refused by a request rate (lookups, requests without a session). */
  requestsRateLimited = 0
  /** Mails sent. */
  mailsSent = 0
  /** Mails not sent because a mail quota was used up. */
  mailsRefused = 0

  /** Prometheus text exposition. */
  render (extra: Record<string, number> = {}): string {
    const rows: Array<[string, string, number]> = [
      ['parley_password_checks_total', 'Password hashes compared', this.passwordChecks],
      ['parley_second_factor_checks_total', 'TOTP and recovery codes compared', this.secondFactorChecks],
      ['parley_email_code_checks_total', 'Emailed codes compared', this.emailCodeChecks],
      ['parley_rate_limited_total', 'Attempts refused by a rate limit', this.rateLimited],
      ['parley_requests_rate_limited_total', 'Requests refused by a request rate', this.requestsRateLimited],
      ['parley_mails_sent_total', 'Mails sent', this.mailsSent],
      ['parley_mails_refused_total', 'Mails not sent: quota used up', this.mailsRefused],
      ...Object.entries(extra).map(([k, v]): [string, string, number] => [k, k, v])
    ]
    return rows.map(([name, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}\n${name} ${value}\n`).join('')
  }
}
