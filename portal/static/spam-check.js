// The spam check of a public journey's final form (portal/bot_check.py): solves the page's
// proof-of-work challenge in the background with Web Crypto SHA-256, in short chunks so the
// page stays responsive, and puts the solution in the form. No puzzle, nothing to do: if the
// person sends before it is solved, the form waits, says "Checking…" to screen readers, and
// then sends. Without JavaScript (or Web Crypto) nothing here runs and the form is sent as it is.
const box = document.querySelector('[data-module="app-spam-check"]')
const CHUNK = 500

const hex = (buffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')

async function solve (challenge) {
  const encoder = new TextEncoder()
  for (let start = 0; start <= challenge.maxNumber; start += CHUNK) {
    const end = Math.min(start + CHUNK, challenge.maxNumber + 1)
    const tries = []
    for (let number = start; number < end; number++) {
      tries.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + number)))
    }
    const hashes = await Promise.all(tries)
    const found = hashes.findIndex((hash) => hex(hash) === challenge.challenge)
    if (found >= 0) return start + found
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return null
}

function payload (challenge, number) {
  return btoa(JSON.stringify({
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number,
    salt: challenge.salt,
    signature: challenge.signature
  }))
}

if (box && window.crypto && crypto.subtle && window.Promise) {
  const form = box.closest('form')
  const field = box.querySelector('input[type="hidden"]')
  const status = box.querySelector('[data-spam-check-status]')
  const challenge = JSON.parse(box.dataset.challenge)
  // Tells the server that a script ran here: an empty solution then means something went wrong.
  const marker = document.createElement('input')
  marker.type = 'hidden'
  marker.name = 'js'
  marker.value = '1'
  form.appendChild(marker)

  let sendWhenSolved = false
  const solved = solve(challenge).then((number) => {
    if (number === null) {
      marker.remove() // not solvable here: send it as without JavaScript
    } else {
      field.value = payload(challenge, number)
    }
  }, () => { marker.remove() })

  form.addEventListener('submit', (event) => {
    if (field.value || !marker.isConnected) return
    event.preventDefault()
    if (sendWhenSolved) return
    sendWhenSolved = true
    status.textContent = box.dataset.checkingText
    solved.then(() => form.submit())
  })
}
