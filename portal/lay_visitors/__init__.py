"""The lay visitor scheme (at /lay-visitors): accredited community members sign in with a
password and a security code, see only the cases sampled for checking, redacted, and record
whether each met the service standards. Every view is in the audit log."""

from flask import Blueprint

bp = Blueprint("lay_visitors", __name__)

from portal.lay_visitors import views  # noqa: E402,F401
