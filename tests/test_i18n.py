"""Messages come from one gettext catalogue; the committed template is up to date."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from toolkit import i18n
from toolkit.checks import Feedback, check_alias
from toolkit.forum import Forum, errors
from toolkit.forum.errors import HandleError, InvalidText, NotFound, TooFast
from toolkit.forum.rules import Rules

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "toolkit" / "locale" / "toolkit.pot"


@pytest.fixture
def french(tmp_path: Path) -> Iterator[Path]:
    catalog = Catalog(locale="fr", domain="toolkit")
    catalog.add("Well done!", "Bravo !")
    catalog.add("Not yet — keep going", "Pas encore — continuez")
    catalog.add("Your alias contains your real name.", "Votre pseudo contient votre vrai nom.")
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)
    yield tmp_path
    i18n.set_language("en")


def test_english_without_a_catalogue() -> None:
    i18n.set_language("xx")
    try:
        assert i18n._("Well done!") == "Well done!"
        assert "Well done!" in str(Feedback("demo", True, [], []))
    finally:
        i18n.set_language("en")


def test_messages_are_translated(french: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOOLKIT_PROGRESS", "off")
    assert "Bravo !" in str(Feedback("demo", True, [], []))
    fb = check_alias("amina_k", real_name="Amina")
    assert "Pas encore — continuez" in fb._repr_html_()
    assert "Votre pseudo contient votre vrai nom." in fb.missing
    # Untranslated messages fall back to English.
    assert "The forum accepts this alias." in fb.good


def test_template_lists_the_learner_messages() -> None:
    with POT.open("rb") as src:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(src) if m.id}
    for msgid in (
        "Well done!",
        "Not yet — keep going",
        "You have not posted anything yet.",
        "Your alias contains your real name.",
        "The notebook stopped at cell {n}: {line}",
        "{notebook}: {n} of {total} check passed",
        "Saving progress is turned off on this computer.",
        "phone number",
    ):
        assert msgid in ids, msgid


def test_template_is_up_to_date() -> None:
    # The same extraction as `pybabel extract -F babel.cfg ... toolkit`, through Babel's API.
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    fresh = {
        msg[2] if isinstance(msg[2], str) else msg[2][0]
        for msg in extract_from_dir(ROOT / "toolkit", method_map, options_map)
    }
    with POT.open("rb") as src:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(src) if m.id}
    stale = sorted(fresh ^ committed)
    assert not stale, (
        f"toolkit/locale/toolkit.pot is out of date; run: make messages (differs: {stale[:5]})"
    )


# ------------------------------------------------------------------ the forum's refusals
FORUM = ROOT / "toolkit" / "forum"
# The forum's exception classes; any other name ending in Error or Exception counts too.
FORUM_ERRORS = frozenset(errors.__all__)
MESSAGE_NAMES = frozenset({"msg", "message"})
MARKERS = frozenset({"_", "N_"})


def _catalogue(tmp_path: Path, pairs: dict[str, str]) -> None:
    """Install a French catalogue holding only ``pairs`` and switch to it."""
    catalog = Catalog(locale="fr", domain="toolkit")
    for english, french in pairs.items():
        catalog.add(english, french)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)


@pytest.fixture
def french_forum(tmp_path: Path) -> Iterator[Forum]:
    _catalogue(
        tmp_path,
        {
            "The {field} is empty. Write something in it, then try again.": (
                "Le champ « {field} » est vide. Écrivez quelque chose, puis réessayez."
            ),
            "title": "titre",
            # The placeholders move: named, a translator can put them in any order.
            '"{handle}" looks too much like the member "{taken}", so people could mix you up. '
            "Choose a username that looks different.": (
                "On pourrait confondre « {taken} » (déjà membre) et « {handle} ». "
                "Choisissez un autre pseudo."
            ),
            "You are sending messages very fast. Wait a minute, then send the next one.": (
                "Vous envoyez des messages très vite. Attendez une minute."
            ),
        },
    )
    forum = Forum(rules=Rules(flood_messages=1))
    try:
        yield forum
    finally:
        forum.close()
        i18n.set_language("en")


def test_a_forum_refusal_comes_out_in_the_learners_language(french_forum: Forum) -> None:
    amina = french_forum.join("amina_k", "Amina")
    with pytest.raises(InvalidText) as refused:
        french_forum.post(amina, "", "x")
    expected = "Le champ « titre » est vide. Écrivez quelque chose, puis réessayez."
    assert str(refused.value) == expected
    assert refused.value.message == expected
    assert "« titre »" in refused.value._repr_html_()
    # A message with no translation yet stays in English (the field name is still translated).
    with pytest.raises(InvalidText, match=r"^The post is too short \(1 of at least 5"):
        french_forum.post(amina, "Hello", "x")


def test_learner_input_keeps_its_quoting_in_a_translation(french_forum: Forum) -> None:
    french_forum.join("amina_k", "Amina")
    with pytest.raises(HandleError) as refused:
        french_forum.join("arnina_k", "Not Amina")  # "rn" looks like "m"
    assert str(refused.value) == (
        "On pourrait confondre « amina_k » (déjà membre) et « arnina_k ». "
        "Choisissez un autre pseudo."
    )
    # Braces typed by a learner are shown as typed, never read as a placeholder.
    with pytest.raises(NotFound, match=r'"n\{handle\}o"'):
        french_forum.member("n{handle}o")


def test_a_message_marked_at_import_is_translated_when_raised(french_forum: Forum) -> None:
    # The flood message is marked with N_ in messages.py and translated only when it is raised,
    # so a language chosen after the toolkit was imported still applies.
    amina, lena = french_forum.join("amina_k", "Amina"), french_forum.join("lena_m", "Lena")
    french_forum.send(amina, lena, "Hello Lena")
    with pytest.raises(TooFast) as refused:
        french_forum.send(amina, lena, "Hello again")
    assert str(refused.value) == "Vous envoyez des messages très vite. Attendez une minute."


def _marked(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS
    )


def _bare_text(node: ast.expr | None) -> list[ast.expr]:
    """Parts of a message expression that are English text outside ``_()`` / ``N_()``.

    Follows the shapes a message takes: a literal or f-string, ``template.format(...)`` (the
    template, not the values), ``a if c else b``, ``a + b``, and a module constant
    (``_OTHER_THREAD``) raised as it is instead of through ``_()``.
    """
    if node is None or _marked(node):
        return []
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        return [node]
    if isinstance(node, ast.Name) and node.id.lstrip("_").isupper():
        return [node]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _bare_text(node.func.value) if node.func.attr == "format" else []
    if isinstance(node, ast.IfExp):
        return _bare_text(node.body) + _bare_text(node.orelse)
    if isinstance(node, ast.BinOp):
        return _bare_text(node.left) + _bare_text(node.right)
    return []


def _is_error(func: ast.expr) -> bool:
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name in FORUM_ERRORS or name.endswith(("Error", "Exception"))


def _untranslated(source: str) -> list[str]:
    """Messages in ``source`` that skip the catalogue, as "line: text"."""
    found: list[ast.expr] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _is_error(node.func):
            for arg in (*node.args, *(k.value for k in node.keywords)):
                found += _bare_text(arg)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in MESSAGE_NAMES for t in targets):
                found += _bare_text(node.value)
        elif _marked(node):
            # _(f"...") or _("..." % x) cannot be looked up: the catalogue holds the template.
            assert isinstance(node, ast.Call)
            found += [a for a in node.args if not isinstance(a, ast.Constant | ast.Name)]
    return [f"{n.lineno}: {ast.unparse(n)[:70]}" for n in found]


def test_the_message_finder_finds_untranslated_messages() -> None:
    # A finder that sees nothing would pass the test below.
    source = (
        "msg = 'plain'\n"
        "message = f'Hello {name}'\n"
        "raise NotFound('plain')\n"
        "raise InvalidText(f'{x} is wrong'.format())\n"
        "raise NotAllowed(_OTHER_THREAD)\n"
        "error = StorageError('a' if x else _('b'))\n"
        "msg = _(f'Hello {name}')\n"
        "msg = _('Hello') + ' there'\n"
    )
    assert sorted(int(line.split(":")[0]) for line in _untranslated(source)) == list(range(1, 9))
    fine = (
        "msg = _('Hello {name}').format(name=name)\n"
        "raise NotAllowed(_(_OTHER_THREAD))\n"
        "raise InvalidText(msg.format(choices=', '.join(CHOICES)))\n"
        "raise NotFound(N_('a') if x else _('b'))\n"
        "error = missing(f'post-{n}')\n"
    )
    assert _untranslated(fine) == []


@pytest.mark.parametrize(
    "path", sorted(FORUM.rglob("*.py")), ids=lambda p: str(p.relative_to(FORUM))
)
def test_every_forum_message_goes_through_the_catalogue(path: Path) -> None:
    assert _untranslated(path.read_text("utf-8")) == []


def test_the_forum_messages_are_extracted() -> None:
    # pybabel finds the forum's messages (the template the lead refreshes is built from these).
    ids = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(FORUM)}
    for msgid in (
        "The {field} is empty. Write something in it, then try again.",
        "title",
        "Community forum",
        "You are sending messages very fast. Wait a minute, then send the next one.",
        "{subject} is busy: others kept saving to it for {seconds} seconds. "
        "Wait a moment, then try again.",
        "Your signature shows a phone number. Anyone can read it: "
        "think about removing it to stay safe.",
    ):
        assert msgid in ids, msgid
    assert len(ids) >= 120


# ---------------------------------------------------------------- the forum, forms, learner mode


@pytest.fixture
def french_pages(tmp_path: Path) -> Iterator[Path]:
    """A French catalogue with one or two messages from each place a learner reads words."""
    catalog = Catalog(locale="fr", domain="toolkit")
    for english, french in (
        ("Messages for {name}", "Messages pour {name}"),
        ("(edited)", "(modifié)"),
        ("Mar", "mars"),
        ("{day} {month} {year}, {time} UTC", "{day} {month} {year} à {time} UTC"),
        ("No messages.", "Aucun <message> & rien d'autre."),
        ("[deleted by the author]", "[supprimé par son auteur]"),
        ("Send report", "Envoyer le signalement"),
        ("Spam or adverts", "Spam ou publicité"),
        ("Your exercises", "Vos exercices"),
        ("Opening your exercises…", "Ouverture de vos exercices…"),
        ("No description has been provided for this image", "Image sans description"),
    ):
        catalog.add(english, french)
    catalog.add(("{n} comment", "{n} comments"), ("{n} commentaire", "{n} commentaires"))
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "toolkit.mo").open("wb") as out:
        write_mo(out, catalog)
    i18n.set_language("fr", tmp_path)
    yield tmp_path
    i18n.set_language("en")


def _seeded_forum():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from toolkit.forum.clock import SimulatedClock
    from toolkit.forum.service import Forum

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    forum = Forum(clock=SimulatedClock(start=start, step=timedelta(seconds=5)))
    amina = forum.join("amina_k", "Amina")
    bob = forum.join("bob_t", "Bob")
    post = forum.post(amina, "Clean water", "Our well needs a new pump before the dry season.")
    forum.comment(post, bob, "My cousin repairs pumps. I will ask him tonight.")
    return forum, amina, post


def test_forum_views_come_out_translated(french_pages: Path) -> None:
    from toolkit.render.html import to_html
    from toolkit.render.plain import to_text

    forum, amina, post = _seeded_forum()
    forum.edit(post, amina, body="Our well needs a new pump before the rains.")
    inbox_html = to_html(forum.inbox(amina))
    assert "Messages pour <bdi>Amina</bdi>" in inbox_html
    # The translation is text: its markup characters are escaped, never added to the page.
    assert "Aucun &lt;message&gt; &amp; rien d&#x27;autre." in inbox_html
    assert "<message>" not in inbox_html
    assert to_text(forum.inbox(amina)).splitlines() == [
        "Messages pour Amina",
        "Aucun <message> & rien d'autre.",
    ]
    thread = to_html(forum.thread(post, amina))
    assert "(modifié)" in thread
    assert "(edited)" not in thread
    assert "2 mars 2026 à 09:00 UTC" in thread
    front = to_text(forum.front_page(amina))
    assert "1 commentaire" in front
    assert "comment," not in front


def test_forum_placeholders_come_out_translated(french_pages: Path) -> None:
    from toolkit.render.data import to_data
    from toolkit.render.html import to_html

    forum, amina, post = _seeded_forum()
    bob = forum.member("bob_t")
    gone = forum.comment(post, bob, "A second thought I take back.")
    forum.delete(gone, bob)
    assert "[supprimé par son auteur]" in to_html(forum.thread(post, amina))
    texts = [e["text"] for e in to_data(forum.thread(post, amina))["entries"]]
    assert "[supprimé par son auteur]" in texts


def test_form_words_come_out_translated(french_pages: Path) -> None:
    from toolkit.widgets import ReportForm

    forum, amina, post = _seeded_forum()
    form = ReportForm(forum, amina, post)
    # A class attribute (marked with N_) is translated when the form is made, not at import.
    assert form.submit.description == "Envoyer le signalement"
    assert ("Spam ou publicité", "spam") in form.reason.options
    assert "Envoyer le signalement" in form.snapshot_html()


def test_learner_mode_pages_are_in_the_learners_language(
    french_pages: Path, tmp_path: Path
) -> None:
    import jinja2

    from toolkit.learn import server
    from toolkit.learn.__main__ import install_template

    share = install_template(tmp_path / "share")
    folder = share / "voila" / "templates" / server.TEMPLATE
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=False)
    tree = env.get_template("tree.html").render(
        breadcrumbs=[("/", "")], contents={"content": []}, base_url="/"
    )
    assert '<html lang="fr">' in tree
    assert "<title>Vos exercices</title>" in tree
    assert "<h1>Vos exercices</h1>" in tree
    # A page with no title of its own (an error page) is not called "Voilà" any more.
    page = env.get_template("page.html").render(base_url="/")
    assert '<html lang="fr">' in page
    assert "<title>Vos exercices</title>" in page
    # The first page the browser opens: Voilà's own says "Opening Voilà" in English.
    opening = env.get_template("browser-open.html").render(
        open_url="http://127.0.0.1:8866/?a=1&b=2", base_url="/"
    )
    assert "<h1>Ouverture de vos exercices…</h1>" in opening
    assert 'content="1;url=http://127.0.0.1:8866/?a=1&amp;b=2"' in opening
    assert "Voilà" not in opening
    # The exercise pages themselves: nbconvert's <html lang> comes from the exporter's setting.
    config = server.voila_config(server.plan(), open_browser=False)
    assert config.VoilaExporter.language_code == "fr"


def test_learner_mode_pages_are_english_without_a_catalogue() -> None:
    from toolkit.learn import server

    i18n.set_language("xx")
    try:
        assert server.page_language() == "en"
        config = server.voila_config(server.plan(), open_browser=False)
        assert config.VoilaExporter.language_code == "en"
    finally:
        i18n.set_language("en")


def test_an_image_without_words_is_described_in_the_learners_language(
    french_pages: Path,
) -> None:
    from toolkit.course.sanitize import sanitize_html

    page = sanitize_html('<p><img src="figure.png"></p>')
    assert 'alt="Image sans description"' in page


# pybabel reads f-strings as one token on Python 3.11: f"<b>{_('New')}</b>" is never extracted,
# so that word could never be translated. Files still doing it (not yet fixed by their owners):
_FSTRING_MESSAGES_NOT_YET_FIXED: set[str] = set()


def _messages_inside_f_strings(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in {"_", "N_", "gettext", "ngettext"}
                and call.args
                and isinstance(call.args[0], ast.Constant)
            ):
                found.add(call.args[0].value)
    return found


def test_the_finder_sees_a_message_inside_an_f_string(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('word = f"<b>{_(\'New\')}</b>"\nother = _("Old")\n', encoding="utf-8")
    assert _messages_inside_f_strings(sample) == {"New"}


def test_no_message_is_only_inside_an_f_string() -> None:
    from babel.messages.extract import extract_from_file

    missed = {}
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        inside = _messages_inside_f_strings(path)
        if not inside or name in _FSTRING_MESSAGES_NOT_YET_FIXED:
            continue
        extracted = {
            m[1] if isinstance(m[1], str) else m[1][0] for m in extract_from_file("python", path)
        }
        if inside - extracted:
            missed[name] = sorted(inside - extracted)
    assert not missed, f"move these _() calls out of the f-strings: {missed}"


@pytest.mark.parametrize(
    ("code", "base"),
    [
        ("fr_FR.UTF-8", "fr"),
        ("ar-MA", "ar"),
        ("FR", "fr"),
        ("fil", "fil"),
        ("en@latin", "en"),
        (None, "en"),
        ("", "en"),
        ("english", "en"),  # not a code: Typst and the pattern files need a real one
        ("C.UTF-8", "en"),
        ("fr/../ar", "en"),  # never a path
    ],
)
def test_base_language_of_a_locale_code(code: str | None, base: str) -> None:
    from toolkit.i18n import base_language

    assert base_language(code) == base
