from flask import Blueprint

bp = Blueprint("casework", __name__)

from portal.casework import entry_views, service_views, views  # noqa: E402,F401
