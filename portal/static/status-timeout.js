// Warns before the status pages' idle sign-out and lets the reporter stay signed in without
// leaving the page. Without JavaScript the "Stay signed in" button still works as a form.
import { idleTimer } from './timeout.js'

const box = document.querySelector('[data-module="app-status-timeout"]')

if (box) {
  const idle = Number(box.dataset.idleSeconds)
  const warnBefore = Number(box.dataset.warningSeconds)
  const warning = box.querySelector('.app-status-session__warning')
  const stay = box.querySelector('.app-status-session__stay')
  const restart = idleTimer(() => {
    warning.textContent = warning.dataset.warningText
    stay.querySelector('button').focus()
  }, () => { window.location.assign(box.dataset.timedOutUrl) })

  const start = () => {
    warning.textContent = ''
    restart(idle, warnBefore)
  }

  stay.addEventListener('submit', (event) => {
    event.preventDefault()
    fetch(stay.action, { method: 'POST', body: new FormData(stay), credentials: 'same-origin' })
      .then((response) => {
        if (response.ok && !response.url.endsWith(box.dataset.timedOutUrl)) {
          start()
        } else {
          window.location.assign(box.dataset.timedOutUrl)
        }
      })
      .catch(() => stay.submit())
  })

  start()
}
