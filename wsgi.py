"""The WSGI entry point. PORTAL_CONFIG chooses the configuration; unset means production."""

from portal import create_app

app = create_app()
