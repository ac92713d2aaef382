"""Statistics for communities (at /statistics): figures by financial year, quarter and month,
with small numbers suppressed, as pages with charts and tables, CSV and JSON."""

from flask import Blueprint

bp = Blueprint("statistics", __name__)

from portal.statistics import views  # noqa: E402,F401
