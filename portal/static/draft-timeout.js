// Warns before a journey's unfinished answers are deleted and lets the person keep them without
// leaving the page: a modal <dialog> (focus moves to its "Continue" button; screen readers read
// its heading and text), whose form extends the draft. Without JavaScript the dialog never
// opens and the answers simply last the configured time.
import { idleTimer } from './timeout.js'

const dialog = document.querySelector('[data-module="app-draft-timeout"]')

if (dialog && typeof dialog.showModal === 'function') {
  const form = dialog.querySelector('form')
  const button = form.querySelector('button')
  const warningSeconds = Number(dialog.dataset.warningSeconds)
  const expiredUrl = dialog.dataset.expiredUrl
  let returnFocus = null

  const restart = idleTimer(() => {
    if (!dialog.open) {
      returnFocus = document.activeElement
      dialog.showModal()
    }
    button.focus()
  }, () => { window.location.assign(expiredUrl) })

  dialog.addEventListener('close', () => {
    if (returnFocus && returnFocus !== document.body) returnFocus.focus()
  })

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (ok) {
          restart(Number(body.seconds_left), warningSeconds)
          dialog.close()
        } else {
          window.location.assign(body.gone_to || expiredUrl)
        }
      })
      .catch(() => form.submit())
  })

  restart(Number(dialog.dataset.secondsLeft), warningSeconds)
}
