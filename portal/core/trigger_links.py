"""Portal reports linked to a Community Trigger application, kept in the application's draft.

The trigger journey links a report when the applicant types its tracking code; the reporting
journey's confirmation hands over the reporter's own reports (a second ASB report within six
months) so the application starts with them linked. Both go through here, so neither journey
imports the other. The hand-over is a list of submission ids in the reporter's signed session,
never in a URL."""

from dataclasses import dataclass
from typing import Any

from flask import session

from portal.core.answers import Answers
from portal.models import Draft, Submission

#: Where the "add another" rows live in the draft: beside the pages' answers, not a page.
ROWS = "complaint-rows"
HANDOVER_KEY = "trigger-handover"


@dataclass(frozen=True)
class Rows:
    typed: list[dict[str, Any]]
    linked: list[int]

    @property
    def count(self) -> int:
        return len(self.typed) + len(self.linked)


def rows_of(answers: Answers) -> Rows:
    stored = answers.pages.get(ROWS, {})
    return Rows(list(stored.get("typed", [])), list(stored.get("linked", [])))


def save_rows(draft: Draft, rows: Rows) -> None:
    pages = dict(draft.data.get("pages", {}))
    pages[ROWS] = {"typed": rows.typed, "linked": rows.linked}
    draft.data = {**draft.data, "pages": pages}


def link_reports(draft: Draft, reports: list[Submission], limit: int) -> int:
    """Link reports not linked yet, up to ``limit`` rows in all; returns how many were added."""
    rows = rows_of(Answers(draft.data))
    linked = list(rows.linked)
    for report in reports:
        if report.id not in linked and len(rows.typed) + len(linked) < limit:
            linked.append(report.id)
    save_rows(draft, Rows(rows.typed, linked))
    return len(linked) - len(rows.linked)


def offer_reports(reports: list[Submission]) -> None:
    """Remember, for this browser, the reports an application started from here should link."""
    session[HANDOVER_KEY] = [report.id for report in reports]


def offered_report_ids() -> list[int]:
    """The reports handed over by ``offer_reports`` in this browser."""
    ids = session.get(HANDOVER_KEY)
    return [item for item in ids if isinstance(item, int)] if isinstance(ids, list) else []
