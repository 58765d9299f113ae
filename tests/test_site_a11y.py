"""The real course's site, every page, in Chromium at phone and desktop size, offline.

axe-core (through axe-playwright-python) finds no serious, moderate or critical problem; at
phone size nothing scrolls sideways, every form snapshot fits its card (also at 360 px), and
links and controls are big enough to tap: 44 px tall where they stand alone (navigation,
buttons, form fields), 24 px where they sit in a sentence (WCAG 2.2 AA 2.5.8; the sentence
keeps its line height). Every internal link leads to a page and an id that exist.

``real_build`` (tests/conftest.py) is the real course, built once per session. One browser,
one context per size, one tab reused for every page. Skips without Debian's
chromium unless TOOLKIT_REQUIRE_BROWSER=1 (CI), then fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import broken_links

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
NARROW = 360  # the smallest phone the forms must fit
BLOCKING = {"critical", "serious", "moderate"}
STANDALONE = (
    ".skip-link, .course-title a, nav a, .links a, .outline h3 a, .tk-title a, button, select,"
    " input[type=text], textarea, summary"
)

# Runs in the page: what does not fit or is too small to tap (one line per problem).
MEASURE = """([standalone, narrow]) => {
  const out = [];
  const say = (el) => `<${el.tagName.toLowerCase()}> ${JSON.stringify(
      (el.innerText || el.value || el.placeholder || '').trim().slice(0, 40))}`;
  const root = document.scrollingElement;
  if (root.scrollWidth > innerWidth + 1)
    out.push(`the page scrolls sideways: ${root.scrollWidth} px in ${innerWidth} px`);
  const main = document.querySelector('main').getBoundingClientRect();
  for (const card of document.querySelectorAll('.tk-form-static')) {
    const c = card.getBoundingClientRect();
    if (c.right > main.right + 1) out.push(`form ${say(card)} is wider than the page`);
    for (const el of card.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.left < c.left - 1 || r.right > c.right + 1))
        out.push(`${say(el)} sticks out of ${say(card)} by ${Math.round(r.right - c.right)} px`);
    }
  }
  if (narrow) return out;
  const big = new Set(document.querySelectorAll(standalone));
  for (const el of document.querySelectorAll(`a[href], ${standalone}, input`)) {
    const box = el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')
      ? el.closest('label') : el;
    const rects = [...box.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) continue;  // not shown (e.g. a heading's hidden anchor link)
    const need = big.has(el) || box !== el ? 44 : 24;
    const h = Math.min(...rects.map((r) => r.height));
    if (h < need - 0.5) out.push(`${say(el)} is ${Math.round(h)} px tall (needs ${need})`);
  }
  return out;
}"""
AXE_RUN = """(rules) => axe.run(document, {resultTypes: ['violations'], rules}).then(
  (r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))})))"""
# Colour contrast is most of axe's time and does not change with the width (course.css has no
# width-dependent colours): it is checked at desktop size only.
AXE_RULES = {"phone": {"color-contrast": {"enabled": False}}, "desktop": {}}


def site_problems(browser, site: Path, size: str) -> tuple[list[str], int]:
    """Everything axe and the measurements find on every page of ``site`` at ``size``."""
    from axe_playwright_python.sync_playwright import Axe

    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    outside: list[str] = []

    def offline(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    # axe goes in before each page's own content; the pages' CSP forbids script, not this.
    context.add_init_script(script=Axe().axe_script)
    page = context.new_page()
    problems, pages = [], sorted(site.glob("*/*.html"))
    for path in pages:
        name = str(path.relative_to(site))
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path.as_uri())
        for v in page.evaluate(AXE_RUN, AXE_RULES[size]):
            if v["impact"] in BLOCKING:
                problems.append(f"{name}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}")
        if size == "phone":
            problems += [f"{name}: {p}" for p in page.evaluate(MEASURE, [STANDALONE, False])]
            page.set_viewport_size({"width": NARROW, "height": height})
            problems += [
                f"{name} at {NARROW} px: {p}" for p in page.evaluate(MEASURE, [STANDALONE, True])
            ]
    context.close()
    problems += [f"request outside the site: {url}" for url in outside]
    return problems, len(pages)


@pytest.mark.parametrize("size", SIZES)
def test_every_page_passes_axe_and_fits_a_phone(browser, real_build, size):
    problems, pages = site_problems(browser, real_build, size)
    assert pages >= 40
    assert problems == [], "\n".join(problems)


def test_every_internal_link_resolves(real_build):
    assert broken_links(real_build) == []
