// Warns before the status pages' idle sign-out and lets the reporter stay signed in without
// leaving the page. Without JavaScript the "Stay signed in" button still works as a form.
const box = document.querySelector('[data-module="app-status-timeout"]')

if (box) {
  const idle = Number(box.dataset.idleSeconds) * 1000
  const warnBefore = Number(box.dataset.warningSeconds) * 1000
  const warning = box.querySelector('.app-status-session__warning')
  const stay = box.querySelector('.app-status-session__stay')
  let timers = []

  const start = () => {
    timers.forEach(clearTimeout)
    warning.textContent = ''
    timers = [
      setTimeout(() => {
        warning.textContent = warning.dataset.warningText
        stay.querySelector('button').focus()
      }, Math.max(idle - warnBefore, 0)),
      setTimeout(() => { window.location.assign(box.dataset.timedOutUrl) }, idle)
    ]
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
