"""Starting an application from the reporting journey's confirmation: a second ASB report within
six months offers the Community Trigger with the reporter's reports already linked."""

from flask import redirect, url_for
from werkzeug.wrappers import Response

from portal import drafts
from portal.core.trigger_links import offered_report_ids
from portal.trigger import bp, services
from portal.trigger.views import JOURNEY, trigger_journey
from portal.unit_of_work import commit


@bp.route("/with-your-reports")
def with_your_reports() -> Response:
    """Start an application with the offered reports linked as earlier complaints."""
    reports = services.offered_reports(offered_report_ids())
    if not reports:
        return redirect(url_for("trigger.start"))
    draft = drafts.start_draft(JOURNEY)
    services.link_offered(draft, reports)
    commit()
    return redirect(url_for("trigger.question", page_name=trigger_journey.pages[0].name))
