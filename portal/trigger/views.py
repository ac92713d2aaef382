"""The Community Trigger (ASB Case Review) journey."""

from flask import render_template

from portal.trigger import bp


@bp.route("/")
def start() -> str:
    return render_template("trigger/start.html")
