#!/usr/bin/env bash
# Starts the intake worker and the web app together; Ctrl-C stops both.
set -euo pipefail
BIN=.venv/bin
$BIN/flask intake worker &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
$BIN/flask run --host 127.0.0.1 --port 5000
