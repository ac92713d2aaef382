"""The page checker every view test uses: status, one h1, a title, unique ids, lang and dir,
and an error summary exactly when the page reports errors."""

from collections import Counter

from bs4 import BeautifulSoup
from werkzeug.test import TestResponse

from portal.languages import BY_CODE


class Page:
    def __init__(self, response: TestResponse):
        self.response = response
        self.html = response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

    def one(self, selector: str):
        found = self.soup.select(selector)
        assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
        return found[0]

    def all(self, selector: str) -> list:
        return self.soup.select(selector)

    def text(self, selector: str) -> str:
        return self.one(selector).get_text(" ", strip=True)

    @property
    def h1(self) -> str:
        return self.text("h1")

    @property
    def errors(self) -> list[str]:
        return [item.get_text(" ", strip=True) for item in self.soup.select(".govuk-error-summary__list li")]

    def field_error(self, field_id: str) -> str:
        return self.text(f"#{field_id}-error")

    def csrf(self) -> str:
        # Every form on a page carries the same session token.
        tokens = {str(tag["value"]) for tag in self.all('input[name="csrf_token"]')}
        assert len(tokens) == 1, f"expected one CSRF token, found {len(tokens)}"
        return tokens.pop()


def check_page(response: TestResponse, status: int = 200, lang: str | None = None) -> Page:
    assert response.status_code == status, f"status {response.status_code}, expected {status}"
    page = Page(response)
    html = page.soup.find("html")
    assert html is not None
    code = html.get("lang")
    assert code, "<html> has no lang"
    language = next((item for item in BY_CODE.values() if item.html_lang == code), None)
    assert language is not None, f"unknown lang {code}"
    assert html.get("dir") == ("rtl" if language.rtl else "ltr")
    if lang is not None:
        assert language.code == lang, f"page is in {language.code}, expected {lang}"
    assert len(page.all("h1")) == 1, "a page needs exactly one h1"
    title = page.soup.find("title")
    assert title is not None and title.get_text(strip=True), "a page needs a title"
    ids = Counter(tag["id"] for tag in page.soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    has_summary = bool(page.all(".govuk-error-summary"))
    has_field_errors = bool(page.all(".govuk-error-message"))
    assert has_summary or not has_field_errors, "error messages without an error summary"
    if has_field_errors:
        # "Error:" in the page's language: the first word of the title ends with a colon.
        assert title.get_text(strip=True).split()[0].endswith((":", "：")), (
            "an invalid form's title must start with 'Error:'"
        )
    path = response.request.path
    if not path.startswith(("/duty-desk/", "/partners/")):
        assert page.all("[data-module='govuk-exit-this-page']"), "public pages need 'Exit this page'"
    return page
