// Timers for a session that ends after a time without activity: a warning some time before
// the end, then the end. Used by the status pages and by the question pages of the journeys.
// Returns restart(secondsLeft, warningSeconds), to call again whenever the session is extended.
export function idleTimer (onWarning, onEnd) {
  let timers = []
  return (secondsLeft, warningSeconds) => {
    timers.forEach(clearTimeout)
    timers = [
      setTimeout(onWarning, Math.max(secondsLeft - warningSeconds, 0) * 1000),
      setTimeout(onEnd, Math.max(secondsLeft, 0) * 1000)
    ]
  }
}
