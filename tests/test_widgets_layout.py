"""Every form fits a phone: real JupyterLab, headless Chromium, widths 320, 390 and 1280 px.

One notebook shows every form and view. At each width the test measures bounding boxes: no label
overlaps a control, every control is at least 44 px tall with text of at least 16 px and lies
inside the viewport, and nothing scrolls sideways (the page, the notebook or an output).

Skipped when /usr/bin/chromium is missing, unless TOOLKIT_REQUIRE_BROWSER=1 (then it fails).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from widget_support import CHROMIUM, CHROMIUM_ARGS, jupyter_lab, keep_offline, open_and_run_all

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STEP_TIMEOUT_MS = 60_000
WIDTHS = (320, 390, 1280)
MIN_TARGET_PX = 44
MIN_TEXT_PX = 16

SETUP = """\
from toolkit.checks.passwords import check_login_code, check_logout_drill
from toolkit.checks.quiz import quiz
from toolkit.forum.sample import sample_forum
from toolkit.widgets import (
    AnswerForm, CommentForm, FieldsForm, InboxView, PickForm, PostForm, ProfileForm, QuizForm,
    QuotePicker, ReportForm, SignatureEditor, SortForm, ThreadView,
)

forum = sample_forum()
me = forum.join("new_member", "You")
water = next(p for p in forum.posts() if p.title == "Clean water for Riverside")
forum.send("amina_k", me, "Can you help with the well on Saturday?", "The east well")
"""
# One cell per form, as in the lessons. The post, comment, profile and signature hold a risky
# detail or a threat and were pressed once, so each warning with its "Change it" and
# "Post anyway" (or "Reply anyway", "Save anyway") buttons is on screen and measured too.
FORMS = {
    "Write a post": (
        'post = PostForm(forum, me)\npost.title.value = "About me"\n'
        'post.body.value = "I live at 14 Lotus Lane. Call me on 0712 345 678"\n'
        "post.submit.click()\npost"
    ),
    "Write a comment": (
        'reply = CommentForm(forum, me, water)\nreply.body.value = "I know where you live."\n'
        "reply.submit.click()\nreply"
    ),
    "Quote a post": "QuotePicker(forum, me, water, new_post=True)",
    "Your profile": (
        'profile = ProfileForm(forum, me)\nprofile.fields["about"][0].value = '
        '"Find me at the Hillview library every Saturday at 10"\n'
        "profile.submit.click()\nprofile"
    ),
    "Your signature": (
        'sig = SignatureEditor(forum, me)\nsig.text.value = "You\\n07700 900123"\n'
        "sig.save.click()\nsig"
    ),
    "Report to a trainer": "ReportForm(forum, me, water)",
    "Your messages": "InboxView(forum, me)",
    "Read the thread": "ThreadView(forum, water, me)",
    "Which of Rosa's facts is the safest one to show to everyone?": 'QuizForm(quiz("l8-q1"))',
    # The answer forms that replace editing Python literals; each was checked once.
    "Log in with a code": (
        'code = AnswerForm(check_login_code, title="Log in with a code", label="The code")\n'
        'code.box.value = "417 263"\ncode.submit.click()\ncode'
    ),
    "Leave a shared computer safely": (
        "steps = PickForm(check_logout_drill, {\n"
        '    "A": "Press Log out on the forum before you leave the computer",\n'
        '    "B": "Close only the tab",\n'
        '    "C": "Say No when the browser offers to save your password for next time",\n'
        '}, title="Leave a shared computer safely")\n'
        'steps.boxes["A"].value = True\nsteps.submit.click()\nsteps'
    ),
    "Sort the messages": (
        'sort = SortForm(lambda answer: quiz("l8-q1").check(None), {\n'
        '    "m1": "Thursday workshop: bring your phone and a pen",\n'
        '    "m2": "Your account will be closed today unless you send your password",\n'
        '}, [("Safe", "safe"), ("Phishing", "phishing"), ("Not sure", "unsure")],\n'
        '   title="Sort the messages")\nsort'
    ),
    "Log what happened": (
        'FieldsForm(lambda answer: None, {"when": "Date, time and time zone",\n'
        '    "where": "Link to the comment", "what": "The exact words"},\n'
        '    title="Log what happened", long=["what"])'
    ),
}

# Runs in the page: the boxes of every form's labels and controls, and what scrolls sideways.
MEASURE = """
() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    const shown = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
    return shown ? {x: r.left, y: r.top, w: r.width, h: r.height} : null;
  };
  const name = (el) => ((el.labels && el.labels[0] && el.labels[0].textContent)
                        || el.getAttribute("aria-label") || el.placeholder || el.textContent
                        || el.tagName).trim().slice(0, 40);
  const forms = [...document.querySelectorAll(".jp-OutputArea-output .widget-vbox.tk-formbox")]
    .filter((f) => !f.parentElement.closest(".tk-formbox"))
    .map((form) => ({
      title: (form.querySelector("h3") || {}).textContent,
      labels: [...form.querySelectorAll(".widget-label")]
        .filter((l) => l.textContent.trim() && !l.closest(".widget-radio-box"))
        .map((l) => ({name: name(l), box: box(l)})).filter((l) => l.box),
      controls: [...form.querySelectorAll(
          "input:not([type=radio]):not([type=checkbox]), textarea, select, button, "
          + ".widget-radio-box label, .widget-checkbox label")]
        .map((c) => ({name: name(c), box: box(c),
                      font: parseFloat(getComputedStyle(c).fontSize)}))
        .filter((c) => c.box),
    }));
  const wide = (el) => el && el.scrollWidth > el.clientWidth + 1;
  return {
    viewport: document.documentElement.clientWidth,
    pageScrolls: wide(document.scrollingElement),
    notebookScrolls: [...document.querySelectorAll(".jp-WindowedPanel-outer")].some(wide),
    outputsScrolling: [...document.querySelectorAll(".jp-OutputArea-output")]
      .filter(wide).map((o) => o.textContent.trim().slice(0, 60)),
    forms,
  };
}
"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    # A shared edge is not an overlap; a pixel of rounding is forgiven.
    return (
        a["x"] + a["w"] > b["x"] + 1
        and b["x"] + b["w"] > a["x"] + 1
        and a["y"] + a["h"] > b["y"] + 1
        and b["y"] + b["h"] > a["y"] + 1
    )


def problems(width: int, found: dict[str, Any]) -> list[str]:
    """Everything that does not fit at this width, one plain line each."""
    bad: list[str] = []
    if found["pageScrolls"] or found["notebookScrolls"]:
        bad.append(f"{width}px: the page scrolls sideways")
    bad += [f"{width}px: an output scrolls sideways: {o!r}" for o in found["outputsScrolling"]]
    titles = [form["title"] for form in found["forms"]]
    missing = [t for t in FORMS if t not in titles]
    if missing:
        bad.append(f"{width}px: forms not shown: {missing}")
    for form in found["forms"]:
        where = f"{width}px {form['title']!r}"
        if not form["controls"]:
            bad.append(f"{where}: no controls measured")
        for control in form["controls"]:
            b = control["box"]
            if b["h"] < MIN_TARGET_PX - 0.5:
                bad.append(f"{where}: {control['name']!r} is {b['h']:.0f}px tall")
            if control["font"] < MIN_TEXT_PX:
                bad.append(f"{where}: {control['name']!r} has {control['font']}px text")
            if b["x"] < -0.5 or b["x"] + b["w"] > found["viewport"] + 0.5:
                bad.append(f"{where}: {control['name']!r} sticks out of the screen")
            for label in form["labels"]:
                if _overlap(label["box"], b):
                    bad.append(f"{where}: label {label['name']!r} overlaps {control['name']!r}")
    return bad


def test_every_form_fits_from_320_to_1280_px(tmp_path):
    from playwright.sync_api import sync_playwright

    cells = [SETUP, *FORMS.values()]
    started = time.monotonic()
    with jupyter_lab(tmp_path, {"forms.ipynb": cells}) as (base, token), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(STEP_TIMEOUT_MS)
            keep_offline(page, base)
            open_and_run_all(page, base, token, "forms.ipynb", len(cells))
            for head in ("Not posted yet", "Not sent yet", "Not saved yet"):
                page.locator(".tk-warn", has_text=head).first.wait_for()
            buttons = ("Post anyway", "Reply anyway", "Save anyway", "Change it")
            for name in buttons:
                page.get_by_role("button", name=name, exact=True).first.wait_for()
            # The learner closes the file browser first (it covers the notebook on a phone).
            if page.locator("#jp-left-stack").is_visible():
                page.keyboard.press("Control+b")
                page.locator("#jp-left-stack").wait_for(state="hidden")
            found_problems: list[str] = []
            measured = {}
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 844 if width < 800 else 800})
                page.wait_for_timeout(400)  # JupyterLab lays out again on resize
                found = page.evaluate(MEASURE)
                measured[width] = sum(len(f["controls"]) for f in found["forms"])
                found_problems += problems(width, found)
        finally:
            browser.close()
    print(f"controls measured per width: {measured}; took {time.monotonic() - started:.1f}s")
    assert all(n >= 25 for n in measured.values()), measured
    assert not found_problems, "\n".join(found_problems)


@pytest.mark.parametrize(
    ("label", "control", "expected"),
    [
        ({"x": 0, "y": 0, "w": 100, "h": 20}, {"x": 0, "y": 20, "w": 100, "h": 44}, False),
        ({"x": 0, "y": 0, "w": 100, "h": 28}, {"x": 0, "y": 11, "w": 100, "h": 17}, True),
        ({"x": 0, "y": 0, "w": 80, "h": 28}, {"x": 88, "y": 0, "w": 200, "h": 28}, False),
    ],
    ids=["above", "drawn-over", "beside"],
)
def test_overlap_measure(label, control, expected):
    assert _overlap(label, control) is expected
