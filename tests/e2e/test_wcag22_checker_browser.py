"""The WCAG 2.2 checks (tests/e2e/wcag22.py) fail on pages built to fail them, and pass on the
same pages put right: a tiny link beside another, a focused button under a sticky banner, help
that moves, a field that refuses paste."""

from typing import Any

import pytest

from tests.e2e.wcag22 import focus_obscured, help_signature, paste_is_accepted, small_targets

pytestmark = pytest.mark.browser

PAGE = "<!doctype html><html lang='en'><head><title>t</title></head><body>{}</body></html>"


def test_a_tiny_link_beside_another_fails_the_target_size_check(page: Any) -> None:
    page.set_content(PAGE.format(
        "<a href='/a' style='display:inline-block;width:10px;height:10px;font-size:8px'>x</a>"
        "<a href='/b' style='display:inline-block;width:10px;height:10px;font-size:8px'>y</a>"
    ))  # fmt: skip
    problems = small_targets(page)
    assert len(problems) == 2 and "is 10x10 px, too close to a" in problems[0]


def test_small_targets_pass_when_spaced_or_inline_in_a_sentence(page: Any) -> None:
    page.set_content(PAGE.format(
        "<a href='/a' style='display:inline-block;width:10px;height:10px'>x</a>"
        "<span style='display:inline-block;width:40px'></span>"
        "<a href='/b' style='display:inline-block;width:10px;height:10px'>y</a>"
        "<p>Read <a href='/c'>the notice</a> before you start, or <a href='/d'>call us</a>.</p>"
        "<button style='width:24px;height:24px'>z</button>"
    ))  # fmt: skip
    assert small_targets(page) == []


def test_a_focused_button_under_a_sticky_banner_fails_the_focus_check(page: Any) -> None:
    banner = "<div style='position:fixed;top:0;left:0;right:0;height:120px;background:#fff'>Banner</div>"
    page.set_content(PAGE.format(banner + "<button style='margin-top:40px'>Hidden</button>"))
    assert focus_obscured(page) == ["focused button 'Hidden' under div"]
    page.set_content(PAGE.format(banner + "<button style='margin-top:160px'>Seen</button>"))
    assert focus_obscured(page) == []


def test_help_in_a_different_place_gives_a_different_signature(page: Any) -> None:
    page.set_content(PAGE.format("<main><p>Text</p></main><footer><p data-app-help='contact'>Call us</p></footer>"))
    in_footer = help_signature(page)
    page.set_content(PAGE.format("<main><p data-app-help='contact'>Call us</p></main><footer></footer>"))
    assert in_footer == [("contact", "footer", 0)]
    assert help_signature(page) != in_footer


def test_a_field_that_refuses_paste_fails(page: Any) -> None:
    page.set_content(PAGE.format("<input id='p' type='password' onpaste='return false'><input id='q' type='password'>"))
    assert paste_is_accepted(page, "#p", "correct horse") is False
    assert paste_is_accepted(page, "#q", "correct horse") is True
