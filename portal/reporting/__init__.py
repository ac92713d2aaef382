from flask import Blueprint

bp = Blueprint("reporting", __name__)

from portal.reporting import views  # noqa: E402,F401
