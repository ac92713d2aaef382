"""Static files fingerprinted, immutable for a year, pre-compressed; public HTML compressed
when asked; pages with secrets (CSRF tokens, tracking-code results) never compressed (BREACH)."""

import gzip

import brotli
from flask import Flask
from flask.testing import FlaskClient

from portal.static_files import SOURCE
from tests.pages import check_page


def _static_links(client: FlaskClient) -> dict[str, str]:
    page = check_page(client.get("/"))
    links = [tag["href"] for tag in page.all("link[rel=stylesheet]")] + [tag["src"] for tag in page.all("script[src]")]
    return {link.rsplit("/", 1)[-1].split(".")[0]: link for link in links}


def test_static_files_have_fingerprinted_names_and_are_cached_for_a_year(client: FlaskClient) -> None:
    links = _static_links(client)
    css = links["portal"]
    assert css.startswith("/static/portal.") and css.endswith(".css") and css != "/static/portal.css"
    response = client.get(css)
    assert response.status_code == 200
    cache = [part.strip() for part in response.headers["Cache-Control"].split(",")]
    assert "immutable" in cache and "public" in cache and "max-age=31536000" in cache
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "Set-Cookie" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_data() == (SOURCE / "portal.css").read_bytes()


def test_static_files_are_served_pre_compressed_as_asked(client: FlaskClient) -> None:
    css = _static_links(client)["govuk-frontend"]
    original = (SOURCE / "govuk" / "govuk-frontend.min.css").read_bytes()
    as_br = client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert as_br.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in as_br.headers["Vary"] and "Cookie" not in as_br.headers["Vary"]
    assert brotli.decompress(as_br.get_data()) == original
    assert len(as_br.get_data()) < len(original) / 5
    as_gzip = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(as_gzip.get_data()) == original
    plain = client.get(css)
    assert "Content-Encoding" not in plain.headers and plain.get_data() == original


def test_a_changed_file_would_get_a_new_name(client: FlaskClient) -> None:
    from portal.static_files import _fingerprinted

    assert _fingerprinted("portal.css", "a" * 64) != _fingerprinted("portal.css", "b" * 64)
    assert _fingerprinted("govuk/x.min.js", "0123456789abcdef") == "govuk/x.min.0123456789ab.js"


def test_start_page_html_is_compressed_when_asked(client: FlaskClient) -> None:
    plain = client.get("/")
    assert "Content-Encoding" not in plain.headers
    html = plain.get_data()
    for coding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        response = client.get("/", headers={"Accept-Encoding": coding})
        assert response.headers["Content-Encoding"] == coding
        assert "Accept-Encoding" in response.headers["Vary"]
        body = decompress(response.get_data())
        # The same page apart from the per-response CSP nonce.
        assert len(body) == len(html) and b"<h1" in body
    refused = client.get("/", headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_pages_with_secrets_are_never_compressed(client: FlaskClient) -> None:
    # The look-up form carries a CSRF token; BREACH could recover it from compressed sizes.
    response = client.get("/status/", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and 'name="csrf_token"' in response.get_data(as_text=True)
    assert "Content-Encoding" not in response.headers
    question = client.get("/report/in-danger", headers={"Accept-Encoding": "gzip, br"})
    assert question.status_code == 200 and "Content-Encoding" not in question.headers


def test_the_confirmation_with_the_tracking_code_is_never_compressed(client: FlaskClient) -> None:
    from tests.journey import submit_minimal_report

    confirmation = submit_minimal_report(client)
    assert "tracking code" in confirmation.html.lower()
    again = client.get(confirmation.response.request.path, headers={"Accept-Encoding": "gzip, br"})
    assert again.status_code == 200 and "tracking code" in again.get_data(as_text=True).lower()
    assert "Content-Encoding" not in again.headers


def _statements(app: Flask) -> list[str]:
    from sqlalchemy import event

    from portal.extensions import db

    seen: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_a_failed_look_up_is_one_indexed_query_and_a_refused_one_is_none(app: Flask, client: FlaskClient) -> None:
    from portal.core import tracking

    token = check_page(client.get("/status/")).csrf()
    seen = _statements(app)
    page = check_page(
        client.post("/status/", data={"csrf_token": token, "tracking_code": tracking.new_tracking_code()})
    )
    assert page.errors
    assert len(seen) == 1 and "tracking_hash" in seen[0]
    for _ in range(9):
        client.post("/status/", data={"csrf_token": token, "tracking_code": tracking.new_tracking_code()})
    seen.clear()
    # Over the limit, the limiter answers before the view runs: no database, no session write.
    refused = client.post("/status/", data={"csrf_token": token, "tracking_code": tracking.new_tracking_code()})
    assert refused.status_code == 429
    assert seen == []
    assert not any(cookie.startswith("sitc_session=") for cookie in refused.headers.getlist("Set-Cookie"))


def test_the_language_chooser_links_keep_the_page_and_its_other_arguments(client: FlaskClient) -> None:
    """The chooser builds the page's address once with a stand-in for the language code; a
    query value that happens to hold the stand-in stays as the visitor gave it."""
    page = check_page(client.get("/statistics/data-dictionary?x=0lang0&lang=en"))
    links = {tag["hreflang"]: tag["href"] for tag in page.all(".app-language-switcher a")}
    assert links["cy"] == "/statistics/data-dictionary?x=0lang0&lang=cy"
    assert links["ar"] == "/statistics/data-dictionary?x=0lang0&lang=ar"
    assert len(set(links.values())) == len(links) >= 10


def test_the_start_page_drawn_once_per_language_is_in_each_language(client: FlaskClient) -> None:
    english = check_page(client.get("/?lang=en"))
    welsh = check_page(client.get("/?lang=cy"))
    again = check_page(client.get("/?lang=en"))
    assert english.h1 == again.h1 == "Report a hate incident or anti-social behaviour"
    assert welsh.h1 != english.h1 and welsh.soup.html["lang"] == "cy"
    assert english.one(".govuk-button--start")["href"] == again.one(".govuk-button--start")["href"]


def test_the_look_up_page_drawn_once_shows_each_error_and_each_visitors_own_token(app: Flask) -> None:
    """The look-up page is drawn once per language and error, around the CSRF token: each
    visitor still gets their own token (it works when sent back) and each error its message."""
    from portal.core import tracking

    app.config["STATUS_LOOKUP_LIMIT"] = "100 per hour"  # both visitors come from one address
    first, second = app.test_client(), app.test_client()
    tokens = [check_page(visitor.get("/status/")).csrf() for visitor in (first, second)]
    assert tokens[0].split(".")[0] != tokens[1].split(".")[0]
    answers = {
        "": "Enter your tracking code",
        "AB": "The tracking code is too short. It has 18 letters and numbers",
        tracking.new_tracking_code(): "We could not find a report with that tracking code. Check it and try again",
    }
    for _round in range(2):
        for code, message in answers.items():
            for visitor, token in zip((first, second), tokens, strict=True):
                page = check_page(visitor.post("/status/", data={"csrf_token": token, "tracking_code": code}))
                assert page.errors == [message]
                assert page.field_error("tracking_code").endswith(message)
                # The same session secret (the token is signed afresh, with the time, on each page).
                assert page.csrf().split(".")[0] == token.split(".")[0]
    welsh = check_page(first.post("/status/?lang=cy", data={"csrf_token": tokens[0], "tracking_code": ""}))
    assert welsh.errors and welsh.errors != ["Enter your tracking code"]
    assert welsh.csrf().split(".")[0] == tokens[0].split(".")[0]


def test_the_language_chooser_drawn_once_per_page_links_to_that_page(client: FlaskClient) -> None:
    for _round in range(2):
        for path in ("/status/", "/accessibility", "/statistics/data-dictionary?year=1"):
            page = check_page(client.get(path))
            links = {tag["hreflang"]: tag["href"] for tag in page.all(".app-language-switcher a")}
            joiner = "&" if "?" in path else "?"
            assert links["cy"] == f"{path}{joiner}lang=cy"
            assert page.one(".app-language-switcher__current")["lang"] == "en"


def test_pieces_drawn_once_are_kept_in_a_bounded_store(app: Flask, client: FlaskClient, monkeypatch) -> None:
    """A visitor varying the query string cannot grow the store without limit."""
    from portal import render_cache

    monkeypatch.setattr(render_cache, "LIMIT", 6)
    for number in range(20):
        page = check_page(client.get(f"/accessibility?n={number}"))
        links = {tag["hreflang"]: tag["href"] for tag in page.all(".app-language-switcher a")}
        assert links["ar"] == f"/accessibility?n={number}&lang=ar"
        assert len(app.extensions["render_once"]) <= 6


def test_the_start_page_stored_whole_gets_each_requests_own_nonce(client: FlaskClient) -> None:
    """The stored start page carries each response's own CSP nonce, the one its header allows."""
    import re

    seen = set()
    for lang in ("en", "en", "ar", "en"):
        response = client.get(f"/?lang={lang}")
        page = check_page(response)
        allowed = re.search(r"script-src 'self' 'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        assert allowed
        nonces = {tag["nonce"] for tag in page.all("script[nonce]")}
        assert nonces == {allowed.group(1)}
        seen.add(allowed.group(1))
        assert page.soup.html["lang"] == lang
        assert "0nonce0" not in response.get_data(as_text=True)
    assert len(seen) == 4
    # Other arguments are drawn afresh (and the chooser keeps them).
    page = check_page(client.get("/?from=leaflet"))
    links = {tag["hreflang"]: tag["href"] for tag in page.all(".app-language-switcher a")}
    assert links["cy"] == "/?from=leaflet&lang=cy"
