"""Reports and Community Trigger applications that a duty-desk user enters for someone who gave
them by phone, in person or by letter. The staff member answers the journey's own question
pages (one definition of the questions); the draft records that it is a staff entry, by whom and
through which channel, and storing the submission records it as the `staff` route."""

from dataclasses import dataclass
from typing import Any

from portal.constants import EntryChannel, Route
from portal.models import Draft, Submission, User

#: Beside the pages' answers in the draft; only a duty-desk view writes it.
DRAFT_KEY = "staff_entry"
#: The journeys staff can enter for someone, by draft name.
JOURNEYS = ("report", "trigger")


@dataclass(frozen=True)
class StaffEntry:
    channel: str
    user_id: int
    user_name: str


def draft_data(journey: str, channel: EntryChannel, user: User) -> dict[str, Any]:
    """What a new draft of the journey starts with when staff enter it for someone."""
    if journey not in JOURNEYS:
        raise ValueError(journey)
    return {DRAFT_KEY: {"channel": str(channel), "user_id": user.id, "user_name": user.name}}


def entry_of(draft: Draft | None) -> StaffEntry | None:
    stored: Any = (draft.data or {}).get(DRAFT_KEY) if draft is not None else None
    if not isinstance(stored, dict):
        return None
    try:
        return StaffEntry(str(EntryChannel(stored["channel"])), int(stored["user_id"]), str(stored["user_name"]))
    except (KeyError, TypeError, ValueError):
        return None


def record_on(submission: Submission, draft: Draft | None) -> None:
    """Mark a new submission from a staff-entered draft: route, channel, who, and the same
    for the case system in the intake payload."""
    entry = entry_of(draft)
    if entry is None:
        return
    submission.route = Route.STAFF
    submission.entry_channel = entry.channel
    submission.entered_by_id = entry.user_id
    answers = dict(submission.answers or {})
    extras = dict(answers.get("_intake") or {})
    extras["staff_entry"] = {"route": str(Route.STAFF), "channel": entry.channel, "entered_by": entry.user_name}
    answers["_intake"] = extras
    submission.answers = answers
