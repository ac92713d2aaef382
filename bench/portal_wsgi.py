"""The portal as the benchmark and the scale-out test serve it: the production configuration
from the environment, except that the session cookie may travel over plain HTTP, because the
clients talk to gunicorn directly on 127.0.0.1 (in production the TLS-terminating proxy sits in
between), and that RATELIMIT_KEY_PREFIX keeps one run's rate-limit counters apart in Redis."""

import os

from portal import create_app

app = create_app(
    "production",
    SESSION_COOKIE_SECURE=False,
    RATELIMIT_KEY_PREFIX=os.environ.get("RATELIMIT_KEY_PREFIX", ""),
)
