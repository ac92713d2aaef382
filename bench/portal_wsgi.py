"""The portal as the benchmark serves it: the production configuration from the environment,
except that the session cookie may travel over plain HTTP, because the load generator talks to
gunicorn directly on 127.0.0.1 (in production the TLS-terminating proxy sits in between)."""

from portal import create_app

app = create_app("production", SESSION_COOKIE_SECURE=False)
