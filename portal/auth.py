"""Staff and partner sign-in: Flask-Login sessions that end at once on sign-out or disabling,
because the session names the account's session version."""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from portal.extensions import db, login_manager
from portal.models import User, utcnow
from portal.unit_of_work import commit

F = TypeVar("F", bound=Callable[..., Any])

# Compared against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = "scrypt:32768:8:1$0000000000000000$" + "0" * 128


class SignInRefused(Exception):
    def __init__(self, message: object):
        super().__init__(str(message))
        self.message = message


def load_user(user_id: str) -> User | None:
    try:
        raw_id, version = user_id.split(":")
        user = db.session.get(User, int(raw_id))
    except (ValueError, TypeError):
        return None
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def authenticate(email: str, password: str, lockout_failures: int, lockout_minutes: int) -> User:
    """Check a password with throttling: after N failures the account is locked for a while,
    and the message never says whether the email exists."""
    refused = SignInRefused(_l("Enter a correct email address and password"))
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        User(password_hash=_DUMMY_HASH).check_password(password)
        raise refused
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        raise SignInRefused(_l("This account is locked after too many attempts. Try again in 15 minutes"))
    if not user.active or not user.check_password(password):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= lockout_failures:
            user.locked_until = now + timedelta(minutes=lockout_minutes)
            user.failed_sign_ins = 0
        raise refused
    user.failed_sign_ins = 0
    user.locked_until = None
    return user


def check_sign_in(form: Any) -> User | None:
    """Check a sign-in form's email and password with the configured lockout; a refusal is
    added to the form's errors and gives None. Either way the sign-in's unit of work ends here:
    a failure counts towards the lockout even though the request shows an error."""
    try:
        user = authenticate(
            form.email.data or "",
            form.password.data or "",
            current_app.config["SIGN_IN_LOCKOUT_FAILURES"],
            current_app.config["SIGN_IN_LOCKOUT_MINUTES"],
        )
    except SignInRefused as refused:
        commit()
        form.form_errors.append(str(refused.message))
        return None
    commit()
    return user


def password_step(form: Any) -> User | None:
    """The first step of every sign-in page: the account whose email and password the posted
    form gives, or None (the form then holds the reason, and shows no password again)."""
    user = check_sign_in(form) if form.validate_on_submit() else None
    form.password.data = ""
    return user


# Between the password and the security code, the session only remembers who passed the
# password step, briefly, under a key of the area's own.
PENDING_MINUTES = 10


def remember_pending(key: str, user: User, **extra: Any) -> None:
    session.clear()
    session[key] = {
        "user": user.id,
        "version": user.session_version,
        "until": (utcnow() + timedelta(minutes=PENDING_MINUTES)).timestamp(),
        **extra,
    }


def pending_user(key: str, may_sign_in: Callable[[User], bool]) -> User | None:
    """The account waiting for its security code under ``key``: None once the wait is over,
    the account is disabled, locked or signed out elsewhere, or ``may_sign_in`` says no."""
    pending = session.get(key)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < utcnow().timestamp():
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.active or user.session_version != pending.get("version"):
        return None
    if not may_sign_in(user) or (user.locked_until and user.locked_until > utcnow()):
        return None
    return user


def refuse_code(form: Any, user: User) -> bool:
    """A wrong security code: counted towards the lockout, then either the form says so (False)
    or the account is now locked and the pending sign-in is forgotten (True)."""
    config = current_app.config
    locked = record_failed_code(user, config["SIGN_IN_LOCKOUT_FAILURES"], config["SIGN_IN_LOCKOUT_MINUTES"])
    commit()
    if locked:
        session.clear()
        return True
    form.code.errors = [_("Enter a correct security code")]
    return False


def sign_out_to(endpoint: str) -> Response:
    end_session(current_user)
    return redirect(url_for(endpoint))


def record_failed_code(user: User, lockout_failures: int, lockout_minutes: int) -> bool:
    """A wrong second-factor code counts as a failed sign-in. True when the account is now locked."""
    user.failed_sign_ins += 1
    locked = user.failed_sign_ins >= lockout_failures
    if locked:
        user.locked_until = utcnow() + timedelta(minutes=lockout_minutes)
        user.failed_sign_ins = 0
    return locked


def start_session(user: User) -> None:
    # A new session at sign-in: nothing from before (a fixated id, a reporter's draft) carries over.
    session.clear()
    login_user(user)


def end_session(user: User) -> None:
    user.session_version += 1
    commit()
    logout_user()
    session.clear()


def role_required(*roles: str) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _unauthorised() -> Response:
    partner_area = request.blueprint in ("partners", "partners_report")
    target = "partners.sign_in" if partner_area else "casework.sign_in"
    if request.blueprint == "lay_visitors":
        target = "lay_visitors.sign_in"
    return redirect(url_for(target))


def _anonymous_visitor() -> None:
    """A visitor whose session names no user is anonymous, without asking Flask-Login. Its
    "strong" session protection would otherwise run on every page that renders a template,
    find no identifier in the anonymous session, and rewrite the session cookie (and delete a
    remember cookie nobody has) on every response."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    if "_user_id" not in session and not request.cookies.get(remember):
        g._login_user = login_manager.anonymous_user()


def init_app(app: Flask) -> None:
    app.before_request(_anonymous_visitor)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorised)
    login_manager.session_protection = "strong"
