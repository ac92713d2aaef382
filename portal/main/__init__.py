from flask import Blueprint

bp = Blueprint("main", __name__)

from portal.main import easy_read, views  # noqa: E402,F401
