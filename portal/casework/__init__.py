from flask import Blueprint

bp = Blueprint("casework", __name__)

from portal.casework import views  # noqa: E402,F401
