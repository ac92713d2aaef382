"""Checks, in the browser, for the success criteria new in WCAG 2.2 that axe-core cannot decide.

Each check returns a list of problems (empty when the page passes), so a test can show them
all at once and the checks themselves can be tested on pages built to fail them
(tests/e2e/test_wcag22_checker_browser.py).

- 2.4.11 Focus Not Obscured (Minimum): `focus_obscured(page)` tabs through every focusable
  element; at each, it asks the browser which element is on top (elementFromPoint) at points
  of the focused element's box. Focus is obscured when none of them is the focused element
  or part of it.
- 2.5.8 Target Size (Minimum): `small_targets(page)` measures every visible link, button and
  form control. A target smaller than 24 by 24 CSS pixels passes only as the criterion allows:
  inline in a sentence (a link inside text), or spaced so that a 24 px circle centred on it
  meets no other target nor another small target's circle.
- 3.2.6 Consistent Help: `help_signature(page)` is where the help (`[data-app-help]`) sits:
  its landmark and its order; a test compares it across pages.
- 3.3.7 Redundant Entry and 3.3.8 Accessible Authentication (Minimum) are journeys rather
  than page checks: see tests/e2e/test_wcag22_browser.py, which uses `fields_asked(page)`
  and `paste_is_accepted(page, selector)` from here.
"""

from typing import Any

MINIMUM_TARGET = 24

_FOCUS_STATE = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const r = e.getBoundingClientRect();
  const describe = el => el ? (el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')) : 'nothing';
  const label = (e.innerText || e.value || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 40);
  if (r.width === 0 || r.height === 0) return {key: describe(e) + label, what: describe(e), label, hidden: 'has no size'};
  // Points inside the box (inset so borders and rounding do not decide): centre and corners.
  const inset = (a, b) => Math.min(3, (b - a) / 4);
  const xs = [r.left + inset(r.left, r.right), (r.left + r.right) / 2, r.right - inset(r.left, r.right)];
  const ys = [r.top + inset(r.top, r.bottom), (r.top + r.bottom) / 2, r.bottom - inset(r.top, r.bottom)];
  let visible = 0, cover = null;
  for (const x of xs) for (const y of ys) {
    const top = document.elementFromPoint(x, y);
    if (top && (top === e || e.contains(top) || top.contains(e) && top.tagName === 'LABEL' || top.control === e)) visible++;
    else if (!cover) cover = top;
  }
  return {key: describe(e) + label, what: describe(e), label, hidden: visible ? null : 'under ' + describe(cover)};
}
"""

_TARGETS = """
minimum => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const shown = e => {
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 &&
      !e.closest('.govuk-visually-hidden, .govuk-visually-hidden-focusable, .govuk-skip-link, [hidden]');
  };
  // GOV.UK radios and checkboxes: the input is the 44 px target over its drawn box.
  const targets = Array.from(document.querySelectorAll(selector)).filter(shown);
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' +
    (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
  // Inline: a link whose block also holds other text (a link in a sentence).
  const inline = e => {
    if (e.tagName !== 'A' || getComputedStyle(e).display !== 'inline') return false;
    const block = e.parentElement.closest('p, li, dd, td, th, label, legend, .govuk-hint, .govuk-body, .govuk-inset-text, div');
    if (!block) return false;
    const own = e.innerText.trim().length;
    const all = block.innerText.trim().length;
    return all - own > 2;
  };
  const box = e => e.getBoundingClientRect();
  const centre = r => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const distanceToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const small = targets.filter(e => (box(e).width < minimum - 0.5 || box(e).height < minimum - 0.5) && !inline(e));
  const problems = [];
  for (const e of small) {
    const c = centre(box(e));
    const clash = targets.find(o => {
      if (o === e || o.contains(e) || e.contains(o)) return false;
      const r = box(o);
      if (small.includes(o)) return Math.hypot(c[0] - centre(r)[0], c[1] - centre(r)[1]) < minimum;
      return distanceToRect(c, r) < minimum / 2;
    });
    if (clash) {
      const r = box(e);
      problems.push(`${describe(e)} is ${Math.round(r.width)}x${Math.round(r.height)} px, too close to ${describe(clash)}`);
    }
  }
  return problems;
}
"""

_HELP = """
() => Array.from(document.querySelectorAll('[data-app-help]')).map(e => {
  const landmark = e.closest('header, nav, main, aside, footer');
  const siblings = landmark ? Array.from(landmark.querySelectorAll('a[href], p, li')) : [];
  return [e.dataset.appHelp, landmark ? landmark.tagName.toLowerCase() : 'none', siblings.indexOf(e.closest('a[href], p, li'))];
})
"""

_FIELDS = r"""
() => Array.from(document.querySelectorAll('main form input, main form select, main form textarea'))
  .filter(e => !['hidden', 'submit', 'button'].includes(e.type))
  .map(e => {
    // The question a field asks: its fieldset's legend (radios, checkboxes, dates) or its label.
    const fieldset = e.closest('fieldset');
    const legend = fieldset && fieldset.querySelector('legend');
    const label = e.labels && e.labels[0];
    const text = (['radio', 'checkbox'].includes(e.type) || e.closest('.govuk-date-input')) && legend ? legend : label || legend;
    return [e.name, text ? text.innerText.replace(/\s+/g, ' ').trim() : ''];
  })
"""

_PASTE = """
([selector, text]) => {
  const field = document.querySelector(selector);
  field.focus();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true});
  const accepted = field.dispatchEvent(event);
  return accepted && !event.defaultPrevented;
}
"""


def focus_obscured(page: Any, limit: int = 250) -> list[str]:
    """Tab from the top of the page through every focusable element (until focus comes back
    round); the problems: each focused element entirely hidden by another, or with no size."""
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    problems: list[str] = []
    seen: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STATE)
        if state is None:
            if seen:
                break
            continue
        if state["key"] in seen:
            break
        seen.add(state["key"])
        if state["hidden"]:
            problems.append(f"focused {state['what']} {state['label']!r} {state['hidden']}")
    if not seen:
        problems.append("nothing on the page takes the focus")
    return problems


def small_targets(page: Any) -> list[str]:
    result: list[str] = page.evaluate(_TARGETS, MINIMUM_TARGET)
    return result


def help_signature(page: Any) -> list[tuple[str, str, int]]:
    return [tuple(item) for item in page.evaluate(_HELP)]


def fields_asked(page: Any) -> list[tuple[str, str]]:
    """(name, question) of each field in the page's forms; the question is its label or legend."""
    return [(name, question) for name, question in page.evaluate(_FIELDS)]


def paste_is_accepted(page: Any, selector: str, text: str) -> bool:
    """Pasting `text` into the field: no script cancels it, and the text arrives."""
    if not page.evaluate(_PASTE, [selector, text]):
        return False
    page.locator(selector).fill("")
    page.locator(selector).focus()
    page.keyboard.insert_text(text)
    return bool(page.locator(selector).input_value() == text)


def assert_wcag22(page: Any) -> None:
    """2.4.11 and 2.5.8 on the page as it is now."""
    obscured = focus_obscured(page)
    assert not obscured, f"2.4.11 focus not obscured, on {page.url}: {obscured[:5]}"
    small = small_targets(page)
    assert not small, f"2.5.8 target size, on {page.url}: {small[:5]}"
