"""Third-party reporting centres: partner sign-in, the organisation's dashboard, incident logs
and API keys (`bp`, at /partners), and the duty desk's management of partner organisations
(`admin_bp`, at /duty-desk/partners)."""

from flask import Blueprint

bp = Blueprint("partners", __name__)
admin_bp = Blueprint("partners_admin", __name__)
# Reporting for a client (at /partners/report): the reporting journey in partner mode.
report_bp = Blueprint("partners_report", __name__)

from portal.partners import admin_views, figures_views, report_views, views  # noqa: E402,F401
