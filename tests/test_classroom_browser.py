"""The classroom board in real Chromium at phone size (issue 14).

A learner joins from the link on the wall, writes, replies, quotes, reacts, reports and edits
her profile, with JavaScript on and off; a second learner's post and reply appear on the first
one's open page without a reload; hostile text is shown as text and runs nothing; every page
fits a 360 px phone, its controls are big enough to tap and axe-core finds nothing serious; a
learner cannot open the trainer's page, and the trainer's key leaves the address bar.

Every page is watched: a dialog, an uncaught error, a console error or a request that leaves
the board's own address fails the test. Skips without Debian's chromium unless
TOOLKIT_REQUIRE_BROWSER=1 (CI), then fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from board_support import RunningBoard, running_board

from toolkit.forum.rules import Rules

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}
SHOTS = Path("/tmp/board-shots")
# A class writes faster than the forum's flood limits allow one member in a test.
FAST = Rules(flood_posts=1000, flood_edits=1000, flood_messages=1000, duplicate_window_s=0)
LIVE_MS = 15_000  # board.js polls every 4 s; a swap must come well within this

# Runs in the page: what scrolls sideways or is too small to tap, one line per problem.
# Controls (buttons, fields, the menu, the topic cards, the entry actions) and a link standing
# alone on its line ("Back to the board") need 44 px of height, buttons 44 px of width too; a
# radio button's label counts for the button. A link inside a sentence is bounded by the
# sentence's line height (WCAG 2.2 2.5.8's inline exception), and links in what learners wrote
# are theirs. ``narrow``: only the sideways check.
MEASURE = """([narrow]) => {
  const out = [];
  const say = (el) => `<${el.tagName.toLowerCase()}${el.name ? ' name=' + el.name : ''}> ${
      JSON.stringify((el.innerText || el.value || el.getAttribute('aria-label') || '')
                     .trim().slice(0, 30))}`;
  const root = document.scrollingElement;
  if (root.scrollWidth > innerWidth)
    out.push(`the page scrolls sideways: ${root.scrollWidth} px in ${innerWidth} px`);
  for (const el of document.querySelectorAll('main *, header *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > innerWidth + 1 && getComputedStyle(el).overflowX === 'visible'
        && !el.closest('pre'))
      out.push(`${say(el)} sticks out by ${Math.round(r.right - innerWidth)} px`);
  }
  if (narrow) return out;
  const controls = 'button, .button, select, textarea, input:not([type=hidden]), summary,'
    + ' .bar a, .acts a, a.topic';
  const big = new Set(document.querySelectorAll(controls));
  for (const el of document.querySelectorAll(`a[href], ${controls}`)) {
    const box = el.matches('input[type=radio], input[type=checkbox]') && el.closest('label')
      ? el.closest('label') : el;
    const rects = [...box.getClientRects()].filter((r) => r.width > 0);
    if (!rects.length) continue;  // not shown (a closed <details>)
    const alone = el.parentElement.textContent.trim() === el.textContent.trim();
    if (!big.has(el) && (!alone || el.closest('.body'))) continue;
    const need = 44;
    const h = Math.min(...rects.map((r) => r.height));
    const w = Math.max(...rects.map((r) => r.width));
    if (h < need - 0.5) out.push(`${say(el)} is ${Math.round(h)} px tall (needs ${need})`);
    if (el.matches('button, .button') && w < 43.5)
      out.push(`${say(el)} is ${Math.round(w)} px wide (needs 44)`);
  }
  return out;
}"""
AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(
  (r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                   nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))})))"""
BLOCKING = {"serious", "critical"}
# What a payload that ran would leave behind (the hostile texts set it instead of alerting).
PWNED = "window.__pwned === undefined ? null : String(window.__pwned)"
MARK = "window.__same_page = 'yes'"


# --------------------------------------------------------------------------- helpers
class Watch:
    """Everything a browser context did that it must not: dialogs, uncaught errors, console
    errors, requests that leave the board."""

    def __init__(self, context: Any, board: RunningBoard) -> None:
        self.board = board
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        context.route("**/*", self._route)
        context.on("page", self.watch)

    def watch(self, page: Any) -> None:
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda m: self._console(page, m))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, page: Any, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"{page.url}: {message.text} {message.location.get('url', '')}")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.board.url + "/") or url == self.board.url:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def assert_clean(self, expected: str = "") -> None:
        """Nothing happened that must not; ``expected``: a console error the test caused."""
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.outside == [], f"requests left the board: {self.outside}"
        errors = [e for e in self.errors if not (expected and expected in e)]
        assert errors == [], "console errors:\n" + "\n".join(errors)


def new_context(browser: Any, board: RunningBoard, *, js: bool = True, size=PHONE):
    context = browser.new_context(viewport=size, java_script_enabled=js)
    context.set_default_timeout(10_000)
    return context, Watch(context, board)


def button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def press(page: Any, name: str, anyway: str) -> None:
    """Press ``name``; when the risk nudge asks, answer "... anyway" (its own test is elsewhere)."""
    button(page, name).click()
    page.wait_for_load_state()
    if button(page, anyway).count():
        button(page, anyway).click()
        page.wait_for_load_state()


def join(page: Any, board: RunningBoard, alias: str, display_name: str = "") -> None:
    """Join from the link on the wall, as a learner would (the code is filled in by the link)."""
    page.goto(f"{board.url}/join?code={board.code}")
    assert page.locator("#code").input_value() == board.code
    page.fill("#alias", alias)
    if display_name:
        page.fill("#display_name", display_name)
    press(page, "Join", "Join anyway")
    assert page.url == f"{board.url}/", page.locator("main").inner_text()


def write_post(page: Any, board: RunningBoard, title: str, body: str) -> int:
    """Write a post through /new; its id (from the address the page lands on)."""
    page.goto(f"{board.url}/new")
    page.fill("#title", title)
    page.fill("#body", body)
    press(page, "Post", "Post anyway")
    assert "/t/" in page.url, page.locator("main").inner_text()
    return int(page.url.split("/t/")[1].split("?")[0].split("#")[0])


def text_of(locator: Any) -> str:
    """What a reader sees, on one line (a flex item such as a <bdi> ends a line in innerText)."""
    return "".join(locator.inner_text().split("\n"))


def entry(page: Any, anchor: str) -> Any:
    return page.locator(f"article#{anchor}")


@pytest.fixture
def board(tmp_path):
    with running_board(tmp_path / "board.sqlite") as running:
        running.forum.rules = FAST
        yield running


def learner(board: RunningBoard, handle: str, display_name: str | None = None):
    """A learner who joined on her own phone (outside the browser under test)."""
    return board.forum.board.join(board.code, handle, display_name)


# --------------------------------------------------------------------------- 1 + 2: the flow
@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_the_whole_learner_flow(browser, board, js):
    forum = board.forum
    amina = learner(board, "amina_k", "Amina")
    theirs = forum.post(amina, "Water pump", "The new pump at the market works well since Monday.")
    context, watch = new_context(browser, board, js=js)
    page = context.new_page()

    # join from the link on the wall; the front page shows Amina's post
    join(page, board, "river_song", "River")
    me = forum.member("river_song")
    assert (me.display_name, me.role) == ("River", "learner")
    assert "@river_song" in text_of(page.locator("header"))
    assert page.locator("a.topic", has_text="Water pump").count() == 1

    # write a post: it is on the board and on the page
    page.get_by_role("link", name="Write a post").click()
    mine = write_post(page, board, "Seeds to share", "I have bean seeds to give away this week.")
    assert forum.get(f"post-{mine}").author.handle == "river_song"
    assert page.locator("h1", has_text="Seeds to share").count() == 1
    page.goto(f"{board.url}/")
    assert page.locator("a.topic").first.inner_text().startswith("Seeds to share")

    # reply in her own thread
    page.locator("a.topic", has_text="Seeds to share").click()
    page.fill("#body", "Come to the hall on Friday to pick them up.")
    press(page, "Send comment", "Reply anyway")
    comments = forum.thread(mine).comments
    assert [c.body for c in comments] == ["Come to the hall on Friday to pick them up."]
    assert entry(page, comments[0].anchor).is_visible()

    # quote part of Amina's post, with words of her own
    page.goto(f"{board.url}/")
    page.locator("a.topic", has_text="Water pump").click()
    entry(page, theirs.anchor).get_by_role("link", name="Quote").click()
    page.fill("#excerpt", "The new pump at the market works well")
    page.fill("#body", "Good news for everyone who carries water.")
    press(page, "Send reply", "Reply anyway")
    quoted = forum.thread(theirs).comments[-1]
    assert quoted.author.handle == "river_song"
    assert quoted.quote is not None
    assert quoted.quote.excerpt == "The new pump at the market works well"
    shown = entry(page, quoted.anchor).locator("blockquote")
    assert "The new pump at the market works well" in shown.inner_text()
    assert "@amina_k" in shown.inner_text()

    # react to Amina's post; the button says it is pressed
    entry(page, theirs.anchor).get_by_role("button").first.click()
    page.wait_for_load_state()
    reactions = forum.reactions(me)
    assert [r.target for r in reactions] == [theirs.anchor]
    pressed = entry(page, theirs.anchor).locator("button[aria-pressed=true]")
    assert pressed.count() == 1

    # report it to the trainer
    entry(page, theirs.anchor).get_by_role("link", name="Report").click()
    page.get_by_label("Spam or adverts").check()
    page.fill("#note", "Just checking the report form.")
    button(page, "Send report").click()
    page.wait_for_load_state()
    reports = forum.reports()
    assert [(r.reporter, r.reason, r.target) for r in reports] == [
        ("river_song", "spam", theirs.anchor)
    ]
    assert "/t/" in page.url

    # her name and signature on the "me" page
    page.locator(".bar a[href='/me']").click()
    page.fill("#display_name", "River S")
    button(page, "Save name").click()
    page.wait_for_load_state()
    assert "Your name is saved." in page.locator("main").inner_text()
    page.fill("#sig", "Growing beans since 2019")
    press(page, "Save signature", "Save anyway")
    assert "Your signature is saved." in page.locator("main").inner_text()
    me = forum.member("river_song")
    assert (me.display_name, me.signature) == ("River S", "Growing beans since 2019")
    page.goto(f"{board.url}/t/{mine}")
    assert "Growing beans since 2019" in page.locator(".sig").first.inner_text()

    context.close()
    watch.assert_clean()


# --------------------------------------------------------------------------- 3: live updates
def test_a_new_post_and_reply_appear_without_a_reload(browser, board):
    a_context, a_watch = new_context(browser, board)
    b_context, b_watch = new_context(browser, board)
    a, b = a_context.new_page(), b_context.new_page()
    join(a, board, "amina_k")
    join(b, board, "bongani")
    a.evaluate(MARK)

    post = write_post(b, board, "Market day moved", "The market is on Thursday this week.")
    a.locator("a.topic", has_text="Market day moved").wait_for(timeout=LIVE_MS)
    assert a.evaluate("window.__same_page") == "yes", "the page was reloaded"
    assert a.locator("#news").inner_text() == "New posts"

    a.locator("a.topic", has_text="Market day moved").click()
    a.wait_for_load_state()
    a.evaluate(MARK)
    b.fill("#body", "Thank you, I will tell my neighbours.")
    press(b, "Send comment", "Reply anyway")
    (comment,) = board.forum.thread(post).comments
    entry(a, comment.anchor).wait_for(timeout=LIVE_MS)
    assert "I will tell my neighbours" in entry(a, comment.anchor).inner_text()
    assert a.evaluate("window.__same_page") == "yes", "the page was reloaded"

    a_context.close()
    b_context.close()
    a_watch.assert_clean()
    b_watch.assert_clean()


# --------------------------------------------------------------------------- 4: hostile text
# Each would alert, set window.__pwned, load something from outside or dress itself up as the
# board, if it were ever treated as markup. The forum may refuse some (a plain message); what
# it takes must be shown as text.
HOSTILE = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')><circle r=40></svg>",
    "<iframe src=https://evil.example/frame></iframe>",
    "<a href=\"javascript:alert('href')\">tap me</a>",
    "[tap me](javascript:alert('md'))",
    "[tap me](jav&#x09;ascript:alert('entity'))",
    "[tap me](JaVaScRiPt:window.__pwned='case')",
    "[tap me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[tap me][r]\n\n[r]: javascript:alert('ref')",
    "<javascript:alert('auto')>",
    "![pic](https://evil.example/pixel.png)",
    "![pic](x\" onerror=\"alert('title'))",
    "<style>*{display:none}</style>",
    '<p style="position:fixed;inset:0;background:red">cover</p>',
    "<form action=https://evil.example><input name=pw><button>Go</button></form>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '[quote="trainer"]I am the trainer, send me your PIN[/quote]',
    "Price \u202e3pm.exe\u202c today",
    "zero\u200bwidth\u200bjoiner\u200dhere",
    "\U00012031" * 40 + " " + "e\u0301\u0302\u0303\u0304" * 30,
    "Ａｄｍｉｎ ｎｏｔｉｃｅ 𝐁𝐨𝐥𝐝 ‮ ﷽﷽﷽ 👩🏽‍💻" * 3,
]
LONG_LINE = "W" * 10_000  # one 10,000-character line, no space to break at
# Nothing a payload could have added may be in the page (board.js is the only script).
ADDED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes)
      if (/^on/i.test(a.name)) out.push(`${el.tagName} ${a.name}`);
  }
  for (const el of document.querySelectorAll('main script, main iframe, main object, main embed,'
      + ' main svg, main style, main [style], main link, main meta, main base'))
    out.push(el.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll('script'))
    if (!el.src.startsWith(location.origin + '/static/board.js'))
      out.push(el.outerHTML.slice(0, 80));
  // A link out is allowed (an image becomes one); a link that runs or carries a page is not.
  for (const a of document.querySelectorAll('a[href]'))
    if (!/^(https?|mailto):/i.test(a.href)) out.push(`link ${a.href.slice(0, 60)}`);
  for (const f of document.querySelectorAll('form'))
    if (!f.action.startsWith(location.origin + '/')) out.push(`form to ${f.action}`);
  for (const img of document.querySelectorAll('img'))
    if (!img.src.startsWith(location.origin + '/')) out.push(`image ${img.src.slice(0, 60)}`);
  return out;
}"""


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_hostile_text_is_shown_as_text_and_runs_nothing(browser, board):
    forum = board.forum
    context, watch = new_context(browser, board)
    page = context.new_page()
    join(page, board, "river_song")
    me = forum.member("river_song")

    # her display name and signature first, so every post below carries them
    page.goto(f"{board.url}/me")
    page.fill("#display_name", "<img src=x onerror=alert('name')>")
    button(page, "Save name").click()
    page.wait_for_load_state()
    signature = "<script>alert('sig')</script>\n[tap me](javascript:alert('sig'))"
    page.fill("#sig", signature)
    press(page, "Save signature", "Save anyway")
    me = forum.member("river_song")
    assert me.display_name == "<img src=x onerror=alert('name')>"
    assert "<script>" in (me.signature or "")

    posted: list[int] = []
    refused: list[str] = []
    cases = [
        (f"Case {i}: {one_line(text)[:80]}", f"{text} (case {i})") for i, text in enumerate(HOSTILE)
    ]
    cases += [(one_line(text)[:110], f"Title case {i}, hello") for i, text in enumerate(HOSTILE)]
    cases.append(("A very long line", LONG_LINE))
    for title, body in cases:
        page.goto(f"{board.url}/new")
        page.fill("#title", title)
        page.fill("#body", body)
        press(page, "Post", "Post anyway")
        if "/t/" in page.url:
            posted.append(int(page.url.split("/t/")[1].split("?")[0]))
        else:
            refused.append(f"{title!r}: {page.locator('.error').inner_text()}")
    # The forum takes all of it as text, except a bidi override ("3pm.exe" shown as "exe.mp3"),
    # which it refuses in words; everything else below is really on the page.
    overrides = [title for title, body in cases if "\u202e" in title + body]
    assert len(refused) == len(overrides) == 4
    assert all("turns the text around" in line for line in refused), refused
    long_post = forum.get(f"post-{posted[-1]}")
    assert long_post.body == LONG_LINE

    # a reply with the worst of it, so threads show it in a comment too
    page.goto(f"{board.url}/t/{posted[0]}")
    page.fill("#body", "\n".join(HOSTILE[:6]))
    press(page, "Send comment", "Reply anyway")

    def look(path: str) -> None:
        page.goto(board.url + path)
        page.wait_for_timeout(300)  # time for an onerror, an onload or a timer to fire
        page.mouse.move(100, 300)
        assert page.evaluate(ADDED) == [], path
        assert page.evaluate(PWNED) is None, f"a payload ran on {path}"
        assert page.url.startswith(board.url + path.split("#")[0]), "the page went elsewhere"
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), path

    shown_titles: list[str] = []
    for path in ("/", "/?page=2"):  # 30 threads a page
        look(path)
        shown_titles += [one_line(t) for t in page.locator("a.topic strong").all_inner_texts()]
    for post_id in posted:
        stored = forum.get(f"post-{post_id}")
        assert one_line(stored.title) in shown_titles, shown_titles  # character for character
    for post_id in posted:
        look(f"/t/{post_id}")
        stored = forum.get(f"post-{post_id}")
        assert one_line(page.locator("article h1").first.inner_text()) == one_line(stored.title)
        author = text_of(page.locator("article .author").first)
        assert author.startswith("<img src=x onerror=alert('name')>")
        assert "<script>alert('sig')</script>" in page.locator(".sig").first.inner_text()
    # raw HTML in a body is shown as the characters she typed
    look(f"/t/{posted[0]}")
    assert "<script>alert('script')</script>" in page.locator("article .body").first.inner_text()
    look("/me")
    assert page.locator("#display_name").input_value() == me.display_name
    # A browser sends a textarea's lines with CR LF; the forum stores plain newlines.
    assert "\r" not in (me.signature or "")
    assert page.locator("#sig").input_value() == me.signature

    context.close()
    # The four refused overrides came back as their form with status 400 (Chromium logs that).
    watch.assert_clean(
        expected="/new: Failed to load resource: the server responded with a status of 400"
    )


# --------------------------------------------------------------------------- 5-7: fit, axe, trainer
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
LONG_URL = "https://example.org/" + "a-very-long-path-segment/" * 8 + "?q=" + "x" * 60


def seed(board: RunningBoard) -> dict[str, Any]:
    """A board with a pinned question, six threads, long words, a quote, a message and a reply
    chain deeper than the forum's cap."""
    forum = board.forum
    trainer = forum.board.trainer()
    amina = learner(board, "amina_k", "Amina")
    bongani = learner(board, "bongani", "Bongani M.")
    question = forum.post(trainer, "Question of the day", "What keeps your phone safe?")
    forum.board.pin_post(question, trainer)
    forum.comment(question, amina, "A screen lock with a PIN only I know.")
    forum.post(bongani, "Market day moved", "The market is on Thursday this week.")
    forum.post(amina, "Seeds to share", "I have bean and maize seeds to give away.")
    forum.post(bongani, f"Long words {LONG_WORD[:100]}", f"{LONG_WORD}\n\nSee {LONG_URL} for more.")
    forum.post(amina, "Sewing group", "We meet on Saturday at ten in the church hall.")
    deep = forum.post(amina, "Water pump", "The new pump at the market works well since Monday.")
    parent: Any = deep
    for depth in range(12):
        who = bongani if depth % 2 == 0 else amina
        parent = forum.comment(parent, who, f"Reply number {depth + 1}: {LONG_WORD[:40]} yes")
    quote = forum.quote(deep, "The new pump at the market works well")
    forum.comment(deep, bongani, "Good news for everyone who carries water.", quote=quote)
    return {"deep": deep, "question": question, "amina": amina, "bongani": bongani}


def axe_problems(page: Any, name: str) -> list[str]:
    return [
        f"{name}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
        for v in page.evaluate(AXE_RUN)
        if v["impact"] in BLOCKING
    ]


def fit_problems(page: Any, name: str, *, axe: bool) -> list[str]:
    """Axe (when asked) and the tap sizes at 390 px, then the sideways check at 360 px."""
    page.set_viewport_size(PHONE)
    problems = axe_problems(page, name) if axe else []
    problems += [f"{name}: {p}" for p in page.evaluate(MEASURE, [False])]
    page.set_viewport_size(NARROW)
    problems += [f"{name} at 360 px: {p}" for p in page.evaluate(MEASURE, [True])]
    page.set_viewport_size(PHONE)
    return problems


def test_every_page_fits_a_phone_and_passes_axe(browser, board):
    from axe_playwright_python.sync_playwright import Axe

    seeded = seed(board)
    forum, deep = board.forum, seeded["deep"]
    context, watch = new_context(browser, board)
    # axe goes in before each page's own content (an init script is not bound by the CSP)
    context.add_init_script(script=Axe().axe_script)
    page = context.new_page()
    problems: list[str] = []

    for path in ("/join", "/login"):
        page.goto(board.url + path)
        problems += fit_problems(page, path, axe=True)
    join(page, board, "river_song")
    river = forum.member("river_song")
    message = forum.send(seeded["bongani"], river, f"Hello! {LONG_WORD}", "Welcome")
    chain = forum.thread(deep).comments
    axe_pages = {"/", f"/t/{deep.id}", "/new", "/me", "/inbox"}
    pages = [
        "/",
        f"/t/{deep.id}",
        f"/t/{seeded['question'].id}",
        "/new",
        "/me",
        "/inbox",
        f"/m/{message.id}",
        f"/t/{deep.id}/reply?to={chain[-2].anchor}",
        f"/quote/{deep.anchor}",
        f"/report/{chain[0].anchor}",
        "/t/999999",
    ]
    for path in pages:
        page.goto(board.url + path)
        problems += fit_problems(page, path, axe=path in axe_pages)

    # the risk nudge's warning and its two buttons
    page.goto(f"{board.url}/new")
    page.fill("#title", "Call me")
    page.fill("#body", "My number is +254 712 345 678, call me after six.")
    button(page, "Post").click()
    page.wait_for_load_state()
    assert button(page, "Post anyway").is_visible()
    problems += fit_problems(page, "/new (asking)", axe=True)

    # the deep chain is indented, but no deeper than the page can hold
    page.goto(f"{board.url}/t/{deep.id}")
    lefts = [entry(page, c.anchor).bounding_box()["x"] for c in chain[:12]]
    assert lefts[1] > lefts[0]
    assert max(lefts) < NARROW["width"] / 3

    trainer_context, trainer_watch = new_context(browser, board)
    trainer_context.add_init_script(script=Axe().axe_script)
    trainer_page = trainer_context.new_page()
    forum.report(deep, seeded["bongani"], "spam", f"Looks like an advert {LONG_WORD}")
    trainer_page.goto(board.trainer_login_url())
    problems += fit_problems(trainer_page, "/trainer", axe=True)

    context.close()
    trainer_context.close()
    assert problems == [], "\n".join(problems)
    watch.assert_clean(expected="/t/999999")  # the page for no such thread is a 404
    trainer_watch.assert_clean()


def test_a_learner_cannot_open_the_trainer_page_and_the_key_leaves_the_address(browser, board):
    context, watch = new_context(browser, board)
    page = context.new_page()
    join(page, board, "river_song")
    response = page.goto(f"{board.url}/trainer")
    assert response is not None
    assert response.status == 403
    assert "This page is for the trainer" in page.locator("main").inner_text()
    assert page.locator("text=Reports").count() == 0
    # a guessed key is no key
    response = page.goto(f"{board.url}/trainer/login?key=not-the-key")
    assert response is not None
    assert response.status in (403, 404)
    assert page.goto(f"{board.url}/trainer").status == 403  # type: ignore[union-attr]
    context.close()
    watch.assert_clean(expected="status of 403 (Forbidden)")

    # the trainer's link: signed in, and the key is gone from the address bar and history
    trainer_context, trainer_watch = new_context(browser, board)
    trainer_page = trainer_context.new_page()
    response = trainer_page.goto(board.trainer_login_url())
    assert response is not None
    assert response.status == 200
    assert trainer_page.url == f"{board.url}/trainer"
    assert "key=" not in trainer_page.url
    assert board.trainer_key not in trainer_page.evaluate("location.href + document.referrer")
    trainer_page.reload()
    assert trainer_page.url == f"{board.url}/trainer"
    assert trainer_page.locator("h1").first.is_visible()
    trainer_context.close()
    trainer_watch.assert_clean()


def test_screenshots_for_the_closing_note(browser, board):
    """Not asserted beyond "they were written": pictures of the front page and a thread."""
    seeded = seed(board)
    forum = board.forum
    thread = forum.post(seeded["bongani"], "Who fixed the pump?", "Does anyone know who fixed it?")
    reply = forum.comment(thread, seeded["amina"], "The youth group did, on Monday morning.")
    forum.comment(reply, seeded["bongani"], "Thank you! I will thank them on Sunday.")
    forum.react(thread, seeded["amina"], "like")
    context, watch = new_context(browser, board)
    page = context.new_page()
    join(page, board, "river_song", "River")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{board.url}/")
    page.screenshot(path=SHOTS / "front.png")
    page.screenshot(path=SHOTS / "front-full.png", full_page=True)
    page.goto(f"{board.url}/t/{thread.id}")
    page.screenshot(path=SHOTS / "thread.png", full_page=True)
    page.goto(f"{board.url}/t/{seeded['deep'].id}")
    page.screenshot(path=SHOTS / "deep-thread.png", full_page=True)
    context.close()
    watch.assert_clean()
    assert all((SHOTS / f"{n}.png").stat().st_size > 1000 for n in ("front", "thread"))
