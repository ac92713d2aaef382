"""Multi-page question journeys: one question per page, answers in a server-side draft,
back links, change links from check answers, and a stale form that keeps what was typed.

A journey package describes its pages; `register_journey` adds the views to its blueprint."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal import bot_check, drafts
from portal.core.answers import Answers
from portal.forms import BaseForm
from portal.models import Draft, utcnow
from portal.unit_of_work import commit


@dataclass(frozen=True)
class Row:
    """One line of check answers."""

    key: Any
    value: Any
    page: str
    anchor: str = ""


@dataclass
class Page:
    name: str
    form: type[BaseForm]
    template: str
    title: Any
    applies: Callable[[Answers], bool] = field(default=lambda answers: True)
    summary: Callable[[Answers, BaseForm], Sequence[Row]] | None = None
    # Extra template values computed from the answers (e.g. a name to show in a question).
    context: Callable[[Answers], dict[str, Any]] | None = None
    # Validation that needs the other pages' answers; returns field name -> message.
    cross_check: Callable[[Answers, BaseForm], dict[str, Any]] | None = None
    # Keeps a valid form's uploaded files for the draft; returns field name -> message.
    store_files: Callable[[Draft, BaseForm], dict[str, Any]] | None = None
    # After saving, show this page again instead of the next (a file added or removed, while
    # the reporter adds another).
    stays: Callable[[BaseForm], bool] | None = None


@dataclass
class Journey:
    name: str
    pages: list[Page]
    start_endpoint: str
    confirmation_endpoint: str
    check_template: str
    title: Any
    # Offers "Save and come back later" (portal/save_return.py) on every question page.
    saveable: bool = False
    # A public journey: its final submit carries the spam check (portal/bot_check.py).
    spam_check: bool = False

    def page(self, name: str) -> Page | None:
        return next((page for page in self.pages if page.name == name), None)

    def applicable(self, answers: Answers) -> list[Page]:
        return [page for page in self.pages if page.applies(answers)]

    def next_after(self, page: Page, answers: Answers) -> Page | None:
        pages = self.applicable(answers)
        names = [p.name for p in pages]
        if page.name not in names:
            return pages[0] if pages else None
        index = names.index(page.name)
        return pages[index + 1] if index + 1 < len(pages) else None

    def previous(self, page: Page, answers: Answers) -> Page | None:
        names = [p.name for p in self.applicable(answers)]
        if page.name in names and names.index(page.name) > 0:
            return self.page(names[names.index(page.name) - 1])
        return None

    def first_unanswered(self, answers: Answers) -> Page | None:
        return next((page for page in self.applicable(answers) if not answers.has(page.name)), None)


CHECK_ANSWERS = "check-answers"


def register_journey(bp: Blueprint, journey: Journey, submit: Callable[[Draft], Response]) -> None:
    """Add /<page>, /check-answers, the expired-draft page and "keep my answers" to a journey's
    blueprint. ``submit`` stores the finished draft; the request commits once it returns."""
    views = _JourneyViews(bp, journey, submit)
    bp.add_url_rule("/check-answers", "check_answers", _keeps_input(views.check_answers), methods=["GET", "POST"])
    bp.add_url_rule("/session-expired", "expired", views.expired)
    bp.add_url_rule("/keep-my-answers", "extend", views.extend, methods=["POST"])
    if journey.saveable:
        from portal import save_return

        save_return.register(bp, journey)
    bp.add_url_rule("/<page_name>", "question", _keeps_input(views.question), methods=["GET", "POST"])


def _keeps_input(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view whose stale form (an expired CSRF token) is shown again with what was typed."""

    def keeping(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    keeping.keeps_input_on_stale_form = True  # type: ignore[attr-defined]
    return keeping


class _JourneyViews:
    """The views of one journey, as small steps: find the draft, take a page's answers, show a
    page, check answers, extend the draft."""

    def __init__(self, bp: Blueprint, journey: Journey, submit: Callable[[Draft], Response]):
        self.bp, self.journey, self.submit = bp, journey, submit

    def endpoint(self, name: str) -> str:
        return url_for(f"{self.bp.name}.{name}")

    def page_url(self, page: Page | None) -> str:
        assert page is not None
        return url_for(f"{self.bp.name}.question", page_name=page.name)

    def load(self, create: bool) -> tuple[Draft | None, Response | None]:
        """The reporter's draft, or where to send them instead (expired, submitted, not begun)."""
        try:
            draft = drafts.current_draft(self.journey.name)
        except drafts.DraftExpired:
            drafts.forget_draft(self.journey.name)
            return None, redirect(self.endpoint("expired"))
        if draft is not None and draft.submission_id is not None:
            # Submitted already. The first page starts a new report; anything else (a second
            # click, the back button) goes to the confirmation without touching the session.
            if not create:
                return None, redirect(url_for(self.journey.confirmation_endpoint))
            draft = None
        if draft is None:
            if not create:
                return None, redirect(url_for(self.journey.start_endpoint))
            draft = drafts.start_draft(self.journey.name)
        return draft, None

    def question(self, page_name: str) -> Any:
        page = self.journey.page(page_name)
        if page is None:
            return render_template("errors/error.html", title=_l("Page not found"), body="", back=None), 404
        draft, response = self.load(create=page is self.journey.pages[0])
        if response is not None:
            return response
        assert draft is not None
        answers = Answers(draft.data)
        if not page.applies(answers):
            following = self.journey.next_after(page, answers)
            return redirect(self.page_url(following) if following else self.endpoint("check_answers"))
        changing = request.args.get("change") == "1"
        if request.method != "POST":
            form = page.form(data=answers.pages.get(page.name))
            # Drawn before the commit (a new draft, or nothing), which would otherwise expire the
            # draft and read it back from the database only to show its expiry time.
            html = self.render_question(page, form, draft, answers, changing)
            commit()
            return html
        form = page.form()
        saved = self.take_answers(page, form, draft, answers)
        if self.journey.saveable and request.form.get("save_and_return"):
            # "Save and come back later": this page's answers are kept when they pass its
            # checks; otherwise what was kept before, and the save page says so.
            drafts.keep_for_return(draft)
            commit()
            return redirect(url_for(f"{self.bp.name}.save", unsaved=None if saved else "1"))
        if not saved:
            return self.render_question(page, form, draft, answers, changing)
        commit()
        if page.stays is not None and page.stays(form):
            return redirect(url_for(f"{self.bp.name}.question", page_name=page.name, change="1" if changing else None))
        return redirect(self.after_saving(page, Answers(draft.data), changing))

    def take_answers(self, page: Page, form: BaseForm, draft: Draft, answers: Answers) -> bool:
        """Check a posted page and keep its answers in the draft; False leaves messages on the form."""
        if g.get("stale_form"):
            form.form_errors.append(_l("This page timed out. Check your answers on this page and continue."))
            return False
        if not form.validate():
            return False
        problems = page.cross_check(answers, form) if page.cross_check else {}
        if not problems and page.store_files:
            problems = page.store_files(draft, form)
        for name, message in problems.items():
            form[name].errors = [message]
        if problems:
            return False
        drafts.save_answers(draft, page.name, form.answers())
        return True

    def after_saving(self, page: Page, answers: Answers, changing: bool) -> str:
        """The next page; from a change link (or at the end), the first unanswered page or check answers."""
        following = self.journey.next_after(page, answers)
        if changing or following is None:
            missing = self.journey.first_unanswered(answers)
            return self.page_url(missing) if missing else self.endpoint("check_answers")
        return self.page_url(following)

    def render_question(self, page: Page, form: BaseForm, draft: Draft, answers: Answers, changing: bool) -> str:
        previous = self.journey.previous(page, answers)
        back = self.endpoint("check_answers") if changing else (self.page_url(previous) if previous else None)
        extra = page.context(answers) if page.context else {}
        return render_template(
            page.template,
            form=form,
            page=page,
            journey=self.journey,
            back=back,
            action=url_for(f"{self.bp.name}.question", page_name=page.name, change="1" if changing else None),
            draft_expires_at=draft.expires_at,
            draft_timeout=self.timeout(draft, page.name),
            saveable=self.journey.saveable,
            **extra,
        )

    def check_answers(self) -> Any:
        draft, response = self.load(create=False)
        if response is not None:
            return response
        assert draft is not None
        answers = Answers(draft.data)
        missing = self.journey.first_unanswered(answers)
        if missing is not None:
            return redirect(self.page_url(missing))
        refused = False
        if request.method == "POST" and not g.get("stale_form"):
            # The spam check first: refused, nothing is stored and the page is shown again.
            refused = self.journey.spam_check and not bot_check.check_final_submit()
            if not refused:
                # The journey's service stores the submission; the request commits it, once.
                response = self.submit(draft)
                refused = self.journey.spam_check and not bot_check.spend()
                if not refused:
                    commit()
                    return response
        return self.render_check_answers(draft, answers, refused)

    def render_check_answers(self, draft: Draft, answers: Answers, spam_check_refused: bool) -> str:
        sections = []
        for page in self.journey.applicable(answers):
            form = page.form(data=answers.pages.get(page.name))
            sections.append((page, page.summary(answers, form) if page.summary else []))
        commit()
        return render_template(
            self.journey.check_template,
            journey=self.journey,
            sections=sections,
            answers=answers,
            back=self.page_url(self.journey.applicable(answers)[-1]),
            stale=g.get("stale_form", False),
            spam_check_refused=spam_check_refused,
            form=None,
            draft_expires_at=draft.expires_at,
            draft_timeout=self.timeout(draft, CHECK_ANSWERS),
        )

    def expired(self) -> str:
        return render_template("components/draft-expired.html", journey=self.journey)

    def timeout(self, draft: Draft, page_name: str) -> dict[str, Any]:
        """What the timeout warning (templates/components/draft-timeout.html) needs."""
        return {
            "seconds_left": max(int((draft.expires_at - utcnow()).total_seconds()), 0),
            "warning_seconds": int(current_app.config["DRAFT_WARNING_MINUTES"] * 60),
            "extend_url": self.endpoint("extend"),
            "expired_url": self.endpoint("expired"),
            "page": page_name,
        }

    def extend(self) -> Any:
        """ "Continue" in the timeout warning: keep the draft for another lifetime. A POST with
        the CSRF token; answers JSON to the page's script, or redirects back to the page."""
        wants_json = request.accept_mimetypes.best == "application/json"
        try:
            draft = drafts.current_draft(self.journey.name)
        except drafts.DraftExpired:
            drafts.forget_draft(self.journey.name)
            draft, gone_to = None, self.endpoint("expired")
        else:
            gone_to = url_for(self.journey.start_endpoint)
        if draft is None or draft.submission_id is not None:
            return (jsonify(gone_to=gone_to), 409) if wants_json else redirect(gone_to)
        drafts.touch(draft)
        commit()
        if wants_json:
            return jsonify(seconds_left=self.timeout(draft, "")["seconds_left"])
        page = self.journey.page(request.form.get("page", ""))
        return redirect(self.page_url(page) if page else self.endpoint("check_answers"))
