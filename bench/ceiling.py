"""The ceiling: a bare Flask + Flask-SQLAlchemy app doing the same kind of work as the portal
with nothing else (no CSRF, sessions, translations, macros, security headers or rate limits).

- ``GET /`` and ``GET /step/<n>`` render one template of the portal's start page's size;
- ``POST /lookup`` hashes the code with a key (HMAC-SHA256) and does an indexed equality
  look-up, then renders the page;
- ``POST /step/<n>`` redirects to the next step; the last step inserts one row and one outbox
  row in one transaction, then redirects to ``/done``.

Served by the same gunicorn settings as the portal (``gunicorn -c gunicorn.conf.py
bench.ceiling:app``); ``DATABASE_URL`` names the database, ``CEILING_PAGE_BYTES`` the size of
the page (the benchmark passes the size of the portal's start page)."""

import hashlib
import hmac
import os
import uuid
from datetime import UTC, datetime

from flask import Flask, redirect, render_template, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

KEY = b"ceiling-benchmark-key"
LANGUAGES = [
    "English",
    "Cymraeg",
    "العربية",
    "فارسی",
    "Polski",
    "Português",
    "Español",
    "中文",
    "বাংলা",
    "Türkçe",
    "Română",
]


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Item(db.Model):  # type: ignore[name-defined]
    __tablename__ = "ceiling_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Outbox(db.Model):  # type: ignore[name-defined]
    __tablename__ = "ceiling_outbox"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("ceiling_items.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")


def code_hash(code: str) -> str:
    return hmac.new(KEY, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def create_app() -> Flask:
    app = Flask(__name__, template_folder="templates")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite://")
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    db.init_app(app)
    page_bytes = int(os.environ.get("CEILING_PAGE_BYTES", "8200"))
    # The page's fixed text is made up to the portal page's size once; rendering still walks
    # a loop and a handful of variables, as a real template does.
    base = len(render_length_probe(app))
    padding = "x" * max(page_bytes - base, 0)

    def page(title: str, message: str = "") -> str:
        return render_template(
            "ceiling.html", title=title, message=message, languages=LANGUAGES, padding=padding, steps=STEPS
        )

    @app.get("/")
    def start() -> str:
        return page("Start")

    @app.post("/lookup")
    def lookup() -> str:
        digest = code_hash(request.form.get("code", ""))
        item = db.session.scalar(select(Item).where(Item.code_hash == digest))
        return page("Look-up", "found" if item else "not found")

    @app.get("/step/<int:n>")
    def step(n: int) -> str:
        return page(f"Step {n}")

    @app.post("/step/<int:n>")
    def answer(n: int):  # type: ignore[no-untyped-def]
        if n < STEPS:
            return redirect(f"/step/{n + 1}")
        item = Item(
            code_hash=code_hash(uuid.uuid4().hex),
            body=request.form.get("description", ""),
            created_at=datetime.now(UTC),
        )
        db.session.add(item)
        db.session.flush()
        db.session.add(Outbox(id=str(uuid.uuid4()), item_id=item.id, payload={"item": item.id}))
        db.session.commit()
        return redirect("/done")

    @app.get("/done")
    def done() -> str:
        return page("Done", "stored")

    return app


# The portal's anonymous report has this many question pages plus check-answers (see
# tests/journey.py); the ceiling's journey has as many GET + POST pairs.
STEPS = 17


def render_length_probe(app: Flask) -> str:
    with app.test_request_context():
        return render_template("ceiling.html", title="Start", message="", languages=LANGUAGES, padding="", steps=STEPS)


def setup(codes: int = 1000) -> None:
    """Create the ceiling's tables and items with the codes ``code-0`` … (run once, before gunicorn)."""
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(Item.id).limit(1)) is None:
            now = datetime.now(UTC)
            db.session.add_all(Item(code_hash=code_hash(f"code-{n}"), body="x", created_at=now) for n in range(codes))
            db.session.commit()


app = create_app()
