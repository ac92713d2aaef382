from flask import Blueprint

bp = Blueprint("status", __name__)

from portal.status import service_views, views  # noqa: E402,F401
