"""Locust users for `make bench` (run headless by bench/load.py; one user class per run).

The portal's users walk the real pages with their CSRF tokens and cookies; the ceiling's users
do the same number of requests of the same kind against bench/ceiling.py. ``BENCH_PACE``
(requests per second per user) paces a user for the fixed-rate run; unset means no wait."""

import json
import os
import re
from urllib.parse import urlencode

from locust import FastHttpUser, constant, constant_throughput, task

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PACE = float(os.environ.get("BENCH_PACE") or 0)
VALID_CODE = os.environ.get("BENCH_VALID_CODE", "")
WRONG_CODE = os.environ.get("BENCH_WRONG_CODE", "")
# The pages of the shortest valid anonymous report with their answers (tests/journey.py),
# passed in by bench/load.py so that this file does not import the portal.
REPORT = [tuple(page) for page in json.loads(os.environ.get("BENCH_REPORT") or "[]")]


def _wait():  # type: ignore[no-untyped-def]
    return constant_throughput(PACE) if PACE else constant(0)


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form(data: dict) -> str:
    """Form encoding with repeated names for lists (checkboxes)."""
    return urlencode(data, doseq=True)


def csrf_of(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


class Base(FastHttpUser):
    abstract = True
    wait_time = _wait()


class PortalStart(Base):
    @task
    def start_page(self) -> None:
        self.client.get("/", name="start page")


class PortalFirstPage(Base):
    @task
    def first(self) -> None:
        self.client.get("/report/in-danger", name="report first page")


class _PortalLookup(Base):
    abstract = True
    code = ""
    expect = 200

    def on_start(self) -> None:
        self.token = csrf_of(self.client.get("/status/", name="status page").text)

    @task
    def lookup(self) -> None:
        with self.client.post(
            "/status/",
            data={"csrf_token": self.token, "tracking_code": self.code},
            allow_redirects=False,
            name="status look-up",
            catch_response=True,
        ) as response:
            if response.status_code != self.expect:
                response.failure(f"answered {response.status_code}, expected {self.expect}")


class PortalLookupValid(_PortalLookup):
    code = VALID_CODE
    expect = 302


class PortalLookupWrong(_PortalLookup):
    code = WRONG_CODE
    expect = 200


class PortalReport(Base):
    """A complete anonymous report: every question page (GET for the token, POST the answer),
    check answers, and the confirmation page with the tracking code."""

    @task
    def report(self) -> None:
        self.client.cookiejar.clear()
        for name, data in REPORT:
            path = f"/report/{name}"
            token = csrf_of(self.client.get(path, name="report: GET page").text)
            with self.client.post(
                path,
                data=form({**data, "csrf_token": token}),
                headers=FORM,
                allow_redirects=False,
                name="report: POST answer",
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"{name} answered {response.status_code}")
                    return
        token = csrf_of(self.client.get("/report/check-answers", name="report: GET page").text)
        sent = self.client.post(
            "/report/check-answers", data={"csrf_token": token}, allow_redirects=False, name="report: POST answer"
        )
        location = sent.headers.get("Location", "")
        with self.client.get(location or "/report/confirmation", name="report complete", catch_response=True) as page:
            if "tracking" not in page.text.lower():
                page.failure("no tracking code on the confirmation page")


class CeilingStart(Base):
    @task
    def start_page(self) -> None:
        self.client.get("/", name="start page")


class CeilingFirstPage(Base):
    @task
    def first(self) -> None:
        self.client.get("/step/1", name="report first page")


class CeilingLookupValid(Base):
    @task
    def lookup(self) -> None:
        self.client.post("/lookup", data={"code": "code-1"}, name="status look-up")


class CeilingLookupWrong(Base):
    @task
    def lookup(self) -> None:
        self.client.post("/lookup", data={"code": "code-none"}, name="status look-up")


class CeilingReport(Base):
    @task
    def report(self) -> None:
        for n in range(1, len(REPORT) + 2):
            self.client.get(f"/step/{n}", name="report: GET page")
            data = REPORT[min(n, len(REPORT)) - 1][1]
            self.client.post(
                f"/step/{n}", data=form(data), headers=FORM, allow_redirects=False, name="report: POST answer"
            )
        self.client.get("/done", name="report complete")
