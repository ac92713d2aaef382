from flask import Blueprint

bp = Blueprint("trigger", __name__)

from portal.trigger import handover_views, views  # noqa: E402,F401
