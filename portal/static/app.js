// Starts GOV.UK Frontend's components. Loaded as a module, so it needs no CSP nonce.
import { ExitThisPage, initAll } from './govuk/govuk-frontend.min.js'

// "Exit this page" (button or Shift three times): GOV.UK Frontend 6.3 leaves by assigning
// window.location.href, which adds the neutral site after this page in the tab's history, so
// Back returns here. Same steps, but location.replace(): the neutral site takes this page's
// place in the history and Back cannot show it again. It goes through the portal's /exit
// (data-app-exit), which forgets the session's answers, then redirects to the neutral site;
// without JavaScript the button is a plain link straight to the neutral site.
ExitThisPage.prototype.exitPage = function () {
  if (!this.$updateSpan) return
  this.$updateSpan.textContent = ''
  document.body.classList.add('govuk-exit-this-page-hide-content')
  this.$overlay = document.createElement('div')
  this.$overlay.className = 'govuk-exit-this-page-overlay'
  this.$overlay.setAttribute('role', 'alert')
  document.body.appendChild(this.$overlay)
  this.$overlay.textContent = this.i18n.t('activated')
  window.location.replace(this.$root.dataset.appExit || this.$button.href)
}

initAll()
