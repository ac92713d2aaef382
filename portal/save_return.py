"""Save and come back later, for the journeys that offer it (the report and the Community
Trigger application): the "Save your progress" page, a resume code shown once, a file of the
answers to download, and the two ways back in ("Continue a saved report" with the code, and
"Continue from a saved file").

`register_journey` adds these views to a journey whose `saveable` is set. The two "continue"
pages work for every saveable journey: the code or the file says which journey it belongs
to, and the reporter goes on there."""

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import Optional

from portal import drafts, saved_answers
from portal.core.answers import Answers
from portal.extensions import limiter
from portal.forms import BaseForm, Choice, email_field, max_length, require, uk_mobile
from portal.journeys import Journey
from portal.models import Draft
from portal.template_helpers import date_and_time
from portal.unit_of_work import commit

# The emailed link's token, between opening the link and giving the address it went to.
LINK_KEY = "draft_link"
# Journey name -> (its blueprint's name, the journey), filled by `register`.
_JOURNEYS: dict[str, tuple[str, Journey]] = {}

WRONG_CODE = _l(
    "We cannot find saved answers with that code. Check the code. "
    "A code works only once, and only until the time we gave you."
)
NO_FILE = _l("Choose the file of your saved answers")
WRONG_FILE = _l("We cannot use this file. Choose the file of saved answers you downloaded, without changing it.")


WRONG_LINK = _l(
    "We cannot open your saved answers with these details. Check the email address or phone number. "
    "A link works only once, and only until the time we gave you."
)
NO_MOBILE = _l("Enter a UK mobile number for text messages, like 07700 900 982")


class SaveForm(BaseForm):
    how = Choice(
        _l("How do you want to come back to your answers?"),
        choices=[
            ("code", _l("Get a resume code")),
            ("email", _l("Get a link by email")),
            ("sms", _l("Get a link by text message")),
            ("file", _l("Download a file of your answers")),
        ],
        message=_l("Select how you want to come back to your answers"),
    )
    email = email_field()
    phone = StringField(
        _l("Mobile phone number"),
        validators=[Optional(), max_length(30, NO_MOBILE)],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """The address or number is needed, and checked, only for the link it is for."""
        super().validate(extra_validators)
        if self.how.data != "email":
            self.email.errors = []
        elif not self.email.data and not self.email.errors:
            self.email.errors = [str(_l("Enter your email address"))]
        if self.how.data != "sms":
            self.phone.errors = []
        elif uk_mobile(self.phone.data) is None:
            self.phone.errors = [str(NO_MOBILE)]
        else:
            self.phone.data = uk_mobile(self.phone.data)
        return not any(field.errors for field in self)


class LinkContactForm(BaseForm):
    contact = StringField(
        _l("Email address or mobile phone number"),
        description=_l("The one we sent the link to"),
        validators=[require(_l("Enter the email address or phone number we sent the link to"))],
    )


class ResumeCodeForm(BaseForm):
    code = StringField(
        _l("Resume code"),
        description=_l("This is the code we gave you when you saved, for example R-ABCD-EFGH-JKMN-PQRS-TV."),
        validators=[require(_l("Enter your resume code"))],
    )


class ResumeFileForm(BaseForm):
    answers_file = FileField(_l("Your saved answers file"), description=_l("It ends in .json."))


def register(bp: Blueprint, journey: Journey) -> None:
    _JOURNEYS[journey.name] = (bp.name, journey)
    bp.add_url_rule("/save", "save", save, methods=["GET", "POST"])
    bp.add_url_rule("/continue", "resume", resume, methods=["GET", "POST"])
    bp.add_url_rule("/continue-from-file", "resume_file", resume_file, methods=["GET", "POST"])
    bp.add_url_rule("/continue-link/<token>", "open_link", open_link)
    bp.add_url_rule("/continue-link", "resume_link", resume_link, methods=["GET", "POST"])


def _this_journey() -> tuple[str, Journey]:
    return _JOURNEYS[_journey_name_of(request.blueprint or "")]


def _journey_name_of(blueprint: str) -> str:
    return next(name for name, (bp_name, _) in _JOURNEYS.items() if bp_name == blueprint)


def _draft_to_save() -> tuple[Draft | None, Response | None]:
    bp_name, journey = _this_journey()
    try:
        draft = drafts.current_draft(journey.name)
    except drafts.DraftExpired:
        drafts.forget_draft(journey.name)
        return None, redirect(url_for(f"{bp_name}.expired"))
    if draft is None or draft.submission_id is not None:
        return None, redirect(url_for(journey.start_endpoint))
    return draft, None


def _where_to_go_on(draft: Draft) -> str:
    """The first unanswered page of the draft's journey, or its check answers."""
    bp_name, journey = _JOURNEYS[draft.journey]
    missing = journey.first_unanswered(Answers(draft.data))
    if missing is None:
        return url_for(f"{bp_name}.check_answers")
    return url_for(f"{bp_name}.question", page_name=missing.name)


def save() -> Any:
    """ "Save your progress": how long the answers are kept, and the ways back."""
    draft, response = _draft_to_save()
    if response is not None:
        return response
    assert draft is not None
    form = SaveForm()
    if request.method == "POST" and form.validate_on_submit():
        if form.how.data == "file":
            return _download(draft)
        if form.how.data in ("email", "sms"):
            return _send_link(draft, form)
        code = drafts.new_resume_code_for(draft)
        commit()
        return render_template("components/save-code.html", code=code, expires_at=draft.expires_at, **_links())
    drafts.keep_for_return(draft)
    commit()
    if request.method == "GET":
        _given_contact(form, Answers(draft.data))
    return render_template(
        "components/save-progress.html",
        form=form,
        expires_at=draft.expires_at,
        unsaved=request.args.get("unsaved") == "1",
        continue_url=_where_to_go_on(draft),
        **_links(),
    )


def _given_contact(form: SaveForm, answers: Answers) -> None:
    """The email address and phone number the reporter already gave, ready for a link."""
    form.email.data = answers.get("contact", "email") or None
    form.phone.data = uk_mobile(answers.get("contact", "phone")) or None


def _send_link(draft: Draft, form: SaveForm) -> str:
    bp_name = _this_journey()[0]
    channel = str(form.how.data)
    address = str(form.email.data if channel == "email" else form.phone.data)
    expires_at = drafts.keep_for_return(draft)
    drafts.send_link(draft, channel, address, f"{bp_name}.open_link", str(get_locale()), date_and_time(expires_at))
    commit()
    return render_template(
        "components/save-link.html", channel=channel, address=address, expires_at=expires_at, **_links()
    )


def _links() -> dict[str, str]:
    bp_name = _this_journey()[0]
    return {"resume_url": url_for(f"{bp_name}.resume"), "resume_file_url": url_for(f"{bp_name}.resume_file")}


def _download(draft: Draft) -> Response:
    _, journey = _this_journey()
    drafts.keep_for_return(draft)
    data = saved_answers.file_bytes(draft, (page.name for page in journey.pages if page.store_files))
    commit()
    response = Response(data, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="saved-answers.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _failed(response: Response) -> bool:
    # Only failed tries count towards the limit: they answer 200 with an error.
    return response.status_code == 200


def _limit() -> str:
    return str(current_app.config["STATUS_LOOKUP_LIMIT"])


@limiter.limit(_limit, methods=["POST"], deduct_when=_failed)
def resume() -> Any:
    """ "Continue a saved report": a right resume code moves the draft into this browser."""
    form = ResumeCodeForm()
    if request.method == "POST" and form.validate_on_submit():
        found = drafts.find_by_resume_code(form.code.data or "")
        if found is not None and found.journey in _JOURNEYS:
            moved = drafts.adopt(found)
            commit()
            return redirect(_where_to_go_on(moved))
        form.code.errors = [WRONG_CODE]
    form.code.data = ""  # never echo a code back into the page
    return render_template("components/continue-saved.html", form=form, **_links())


def open_link(token: str) -> Response:
    """The link by email or text message: the token goes into the session and the browser on
    to a page without it, so it stays out of the history, the form and any Referer."""
    session[LINK_KEY] = token
    return redirect(url_for(f"{_this_journey()[0]}.resume_link", lang=request.args.get("lang") or None))


@limiter.limit(_limit, methods=["POST"], deduct_when=_failed)
def resume_link() -> Any:
    """The draft opens only with the address or number the link was sent to; wrong ones
    count, and the link stops working after a few."""
    form = LinkContactForm()
    if request.method == "POST" and form.validate_on_submit():
        found = drafts.find_by_link(str(session.get(LINK_KEY, "")))
        limit = int(current_app.config["DRAFT_LINK_MAX_ATTEMPTS"])
        if found is not None and drafts.link_contact_matches(found, form.contact.data or "", limit):
            session.pop(LINK_KEY, None)
            moved = drafts.adopt(found)
            commit()
            return redirect(_where_to_go_on(moved))
        commit()  # the wrong try counts
        form.contact.errors = [WRONG_LINK]
    form.contact.data = ""
    return render_template("components/continue-link.html", form=form, **_links())


def resume_file() -> Any:
    """ "Continue from a saved file": a signed file's answers, each page checked again."""
    form = ResumeFileForm()
    if request.method == "POST" and form.validate_on_submit():
        upload = form.answers_file.data
        limit = int(current_app.config["SAVED_ANSWERS_MAX_BYTES"])
        data = upload.stream.read(limit + 1) if upload and upload.filename else b""
        try:
            name, pages = saved_answers.read_file(data, limit)
            if name not in _JOURNEYS:
                raise saved_answers.BadFile()
        except saved_answers.BadFile:
            form.answers_file.errors = [WRONG_FILE if data else NO_FILE]
        else:
            draft = drafts.start_draft(name, {"pages": recheck(_JOURNEYS[name][1], pages)})
            commit()
            return redirect(_where_to_go_on(draft))
    return render_template("components/continue-file.html", form=form, **_links())


def recheck(journey: Journey, pages: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The pages whose answers pass the page's own form again (and its cross-check), as the
    form reads them; a page that fails, holds more than its form asks, or keeps files is left
    out, so the reporter is asked it again."""
    kept: dict[str, dict[str, Any]] = {}
    for page in journey.pages:
        given = pages.get(page.name)
        if given is None or page.store_files:
            continue
        form = page.form(formdata=saved_answers.as_formdata(given), meta={"csrf": False})
        if not form.validate():
            continue
        if page.cross_check and page.cross_check(Answers({"pages": kept}), form):
            continue
        answers = form.answers()
        if set(given) - set(answers):
            continue
        kept[page.name] = answers
    return kept
