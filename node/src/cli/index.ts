/** The `parley` command: its commands, output formatting, and the control socket of a running node. */
export { main, runServed } from './main.js'
export { describe, type Failure } from './output.js'
export { emailProblem, nameProblem } from './input.js'
export { forTerminal } from './terminal-text.js'
export { secondFactorFrom } from './second-factor.js'
