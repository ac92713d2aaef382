// Starts GOV.UK Frontend's components. Loaded as a module, so it needs no CSP nonce.
import { initAll } from './govuk/govuk-frontend.min.js'

initAll()
