"""The WSGI entry point. PORTAL_CONFIG chooses the configuration; unset means production."""

import sys

from portal import create_app
from portal.config import ConfigurationError
from portal.rules import RulesError

try:
    app = create_app()
except (ConfigurationError, RulesError) as refused:
    # A clear message for whoever starts the service, not a stack trace.
    sys.exit(f"Refusing to start: {refused}" if isinstance(refused, RulesError) else str(refused))
