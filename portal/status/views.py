"""The reporter's status pages. The code is only ever POSTed; after a look-up the session
remembers which submission it opened, for a short idle time."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.constants import Channel
from portal.core.lookup import SESSION_KEY, LookupFailed, current_submission, find_by_tracking_code
from portal.extensions import db, limiter
from portal.idempotency import posted_token
from portal.labels import lead_agency_label, stage_label
from portal.models import Submission, utcnow
from portal.status import bp
from portal.status.forms import ConfirmForm, ContactForm, EvidenceForm, LookupForm, NewIncidentForm, ReplyForm
from portal.status.services import (
    CHANNEL_LABELS,
    CaseClosed,
    add_evidence,
    add_new_incident,
    add_reply,
    change_contact,
    channels_offered,
    evidence_count,
    is_closed,
    open_question,
    public_timeline,
    record_failed_lookup,
    withdraw_contact,
)
from portal.unit_of_work import commit

NOTICES = {
    "reply": _l("Your message has been sent to the Casework Team"),
    "incident": _l("Thank you. We have added what happened to your report"),
    "evidence": _l("Your photo or screenshot has been added to your report"),
    "contact": _l("We have changed how we contact you"),
    "unchanged": _l("You have not changed anything"),
    "withdrawn": _l("We have deleted your contact details. We will not contact you again"),
    "extended": _l("You are still signed in"),
    "survey": _l("Thank you for answering the survey"),
    "concern": _l("We have received your concern about the agency leading on your case"),
}


def _failed_lookup(response: Response) -> bool:
    # Only failed look-ups count towards the limit: they answer 200 with an error.
    return response.status_code == 200


def _lookup_limit() -> str:
    return str(current_app.config["STATUS_LOOKUP_LIMIT"])


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(_lookup_limit, methods=["POST"], deduct_when=_failed_lookup)
def start() -> Any:
    form = LookupForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                submission = find_by_tracking_code(form.tracking_code.data or "")
            except LookupFailed as failure:
                form.tracking_code.errors = [str(failure.message)]
            else:
                session[SESSION_KEY] = {"id": submission.id, "seen": utcnow().isoformat()}
                return redirect(url_for("status.view"))
        record_failed_lookup()
        commit()
    # Never echo the code back into the page.
    form.tracking_code.data = ""
    return render_template("status/start.html", form=form)


def with_submission(view: Callable[..., Any]) -> Callable[..., Any]:
    """The view gets the opened submission; without one, the reporter goes back to the look-up
    (or is told they were signed out for being idle)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        submission = current_submission()
        if submission is None:
            return redirect(url_for("status.timed_out" if g.get("status_timed_out") else "status.start"))
        return view(submission, *args, **kwargs)

    return wrapper


def _done(notice: str) -> Response:
    """The end of a status action: commit what the service added, then show the notice."""
    commit()
    session[SESSION_KEY] = {**session[SESSION_KEY], "notice": notice}
    return redirect(url_for("status.view"))


def _render(template: str, submission: Submission, **context: Any) -> str:
    return render_template(
        template,
        submission=submission,
        idle_minutes=current_app.config["STATUS_IDLE_MINUTES"],
        warning_minutes=current_app.config["STATUS_IDLE_WARNING_MINUTES"],
        signed_out_at=g.get("status_signed_out_at"),
        **context,
    )


def _closed(submission: Submission) -> str:
    return _render("status/closed.html", submission)


@bp.route("/your-report")
@with_submission
def view(submission: Submission) -> Any:
    notice = session[SESSION_KEY].pop("notice", None)
    session.modified = True
    return _render(
        "status/view.html",
        submission,
        stage=stage_label(submission.stage),
        lead_agency=lead_agency_label(submission.lead_agency),
        timeline=public_timeline(submission),
        stage_label=stage_label,
        closed=is_closed(submission),
        question=open_question(submission),
        channel=CHANNEL_LABELS.get(Channel(submission.channel), "")
        if submission.channel in Channel.__members__.values()
        else "",
        notice=NOTICES.get(notice or ""),
    )


@bp.route("/reply", methods=["GET", "POST"])
@with_submission
def reply(submission: Submission) -> Any:
    if is_closed(submission):
        return _closed(submission)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            add_reply(submission, form.message.data or "", posted_token())
        except CaseClosed:
            return _closed(submission)
        return _done("reply")
    return _render("status/reply.html", submission, form=form, question=open_question(submission))


@bp.route("/something-else-happened", methods=["GET", "POST"])
@with_submission
def new_incident(submission: Submission) -> Any:
    if is_closed(submission):
        return _closed(submission)
    form = NewIncidentForm()
    if form.validate_on_submit():
        happened = form.incident_date.as_date()
        assert happened is not None
        try:
            add_new_incident(submission, happened, form.description.data or "", posted_token())
        except CaseClosed:
            return _closed(submission)
        return _done("incident")
    return _render("status/new-incident.html", submission, form=form)


@bp.route("/add-evidence", methods=["GET", "POST"])
@with_submission
def evidence(submission: Submission) -> Any:
    from portal.evidence import EvidenceRejected

    if is_closed(submission):
        return _closed(submission)
    form = EvidenceForm()
    full = evidence_count(submission) >= current_app.config["EVIDENCE_MAX_FILES"]
    if form.validate_on_submit() and not full:
        upload = request.files.get(form.photo.name)
        if upload is None or not upload.filename:
            form.photo.errors = [str(_l("Select a photo or screenshot"))]
        else:
            try:
                add_evidence(submission, upload.read(current_app.config["EVIDENCE_MAX_BYTES"] + 1), posted_token())
            except EvidenceRejected as rejected:
                db.session.rollback()
                form.photo.errors = [str(rejected.message)]
            except CaseClosed:
                return _closed(submission)
            else:
                return _done("evidence")
    return _render("status/add-evidence.html", submission, form=form, full=full)


@bp.route("/contact", methods=["GET", "POST"])
@with_submission
def contact(submission: Submission) -> Any:
    held = submission.contact or {}
    form = ContactForm(has_email=bool(held.get("email")), has_phone=bool(held.get("phone")))
    offered = channels_offered()
    form.channel.choices = [(channel.value, _channel_choice(channel)) for channel in offered]
    if request.method == "GET":
        form.channel.data = submission.channel if submission.channel in offered else None
        form.include_message_text.data = ["yes"] if held.get("include_message_text") else []
    if form.validate_on_submit():
        changed = change_contact(
            submission,
            Channel(form.channel.data),
            email=(form.email.data or None) if form.channel.data == Channel.EMAIL else None,
            phone=form.mobile if form.channel.data == Channel.SMS else None,
            include_message_text="yes" in (form.include_message_text.data or []),
        )
        return _done("contact" if changed else "unchanged")
    return _render(
        "status/contact.html",
        submission,
        form=form,
        offer_message_text=current_app.config["NOTIFY_INCLUDE_MESSAGE_TEXT"],
    )


def _channel_choice(channel: Channel) -> object:
    return {
        Channel.EMAIL: _l("Email"),
        Channel.SMS: _l("Text message"),
        Channel.NONE: _l("Do not send me messages: I will check online with my tracking code"),
    }[channel]


@bp.route("/contact/withdraw", methods=["GET", "POST"])
@with_submission
def withdraw(submission: Submission) -> Any:
    form = ConfirmForm()
    if form.validate_on_submit():
        withdraw_contact(submission)
        return _done("withdrawn")
    return _render("status/withdraw.html", submission, form=form)


@bp.route("/stay-signed-in", methods=["POST"])
@with_submission
def stay_signed_in(submission: Submission) -> Response:
    # current_submission() has already restarted the idle time; the CSRF check guards it.
    return _done("extended")


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    session.pop(SESSION_KEY, None)
    return redirect(url_for("status.signed_out"))


@bp.route("/signed-out")
def signed_out() -> str:
    return render_template("status/signed-out.html", timed_out=False)


@bp.route("/session-ended")
def timed_out() -> str:
    session.pop(SESSION_KEY, None)
    return render_template(
        "status/signed-out.html", timed_out=True, idle_minutes=current_app.config["STATUS_IDLE_MINUTES"]
    )
