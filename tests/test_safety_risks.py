"""The risk finder: each kind on its own, the safe community talk it must leave alone, and the
labelled corpora (tests/corpus/posts.toml, signatures.toml). Timing is measured in
bench/safety_bench.py, not here."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
import textstat

from toolkit.safety import Finding, find_risks, risk_rules
from toolkit.safety import risks as risks_module

CORPUS = Path(__file__).parent / "corpus"


def kinds(text: str, names: tuple[str, ...] = ()) -> set[str]:
    return {f.kind for f in find_risks(text, names=names)}


RISKY = [
    # (kind, text, words that must be inside a finding of that kind)
    ("phone", "Call me on 0712 345 678", "0712 345 678"),
    ("phone", "Ring me: +91-98765-43210", "+91-98765-43210"),
    ("phone", "My phone: (011) 2345-6789", "(011) 2345-6789"),
    ("phone", "Contact: 077.345.1290", "077.345.1290"),
    ("phone", "Mon numéro: 06 12 34 56 78", "06 12 34 56 78"),
    ("phone", "Call me on zero seven one two, three four five, six seven eight", "zero seven"),
    ("phone", "text oh seven nine one double two three four five", "oh seven nine"),
    ("email", "Write to lucia.f88@correo.example today", "lucia.f88@correo.example"),
    ("email", "my email is nadia dot salim at gmail dot com", "gmail dot com"),
    ("messaging", "WhatsApp me on 98201 44567", "WhatsApp me"),
    ("messaging", "my Telegram is rania_amman", "my Telegram is rania_amman"),
    ("messaging", "Add me on Viber please", "Add me on Viber"),
    ("social", "Follow me @bordados_de_carmen", "@bordados_de_carmen"),
    ("social", "https://www.facebook.com/grace.atieno.7", "facebook.com/grace.atieno.7"),
    ("social", "find me on TikTok as mama_cooks", "find me on TikTok"),
    ("home", "I live at 14 Lotus Lane, next to the blue school.", "14 Lotus Lane"),
    ("home", "We stay in Plot 22, behind the petrol station.", "Plot 22"),
    ("home", "Block C flat 5 is our new home.", "Block C"),
    ("home", "We live on Baobab Avenue, third house on the left.", "Baobab Avenue"),
    ("home", "My shop is opposite the Jamia mosque.", "opposite the Jamia mosque"),
    ("home", "Vivo en Calle Los Pinos 48, Lima.", "Calle Los Pinos 48"),
    ("home", "Meena Sharma, B-12 Lajpat Nagar", "Lajpat Nagar"),
    ("routine", "I walk to the well alone every evening after 7.", "every evening"),
    ("routine", "Every Friday at 4 pm I lead the prayer group.", "Every Friday"),
    ("routine", "I close my kiosk at 9 pm and walk home.", "9 pm"),
    ("routine", "We have a group walk on Fridays after the market.", "after the market"),
    ("routine", "Running club: Saturdays at 6 am", "Saturdays at 6 am"),
    ("routine", "I finish work at six.", "at six"),
    ("meeting", "I can meet at the bakery.", "I can meet at the bakery"),
    ("routine", "I'm always at the borehole around 6 in the morning.", "around 6"),
    ("routine", "My husband is away every Monday, so it's just me and the baby.", "just me"),
    ("messaging", "I'm on Signal as farida.77", "I'm on Signal as farida.77"),
    ("home", "Our gate is green, number 14, you can't miss it.", "number 14"),
    ("child", "My son is in class 4 at Hillview Primary.", "class 4"),
    ("child", "She walks home at 3 through the field.", "She walks home at 3"),
    ("child", "My daughter Sara goes to Colegio San José.", "Colegio San José"),
    ("home", "Sunita, beauty parlour, Shop 4, Gandhi Market", "Shop 4"),
    ("child", "My little girl is 6 years old and starts at Bright Stars Nursery.", "6 years old"),
    ("child", "Coach of the girls' team, Kibera Primary, Wednesdays 3 pm", "Kibera Primary"),
    ("workplace", "I teach at Mbagathi Girls Secondary.", "I teach at Mbagathi"),
    ("workplace", "Farida Osei / Nurse, Saint Mary's Hospital, Ward 3", "Ward 3"),
    ("workplace", "Nurse, Saint Mary's Hospital", "Saint Mary's Hospital"),
    ("workplace", "Come to my stall at Gikomba market", "my stall at Gikomba market"),
    ("workplace", "Cashier at Shoprite Ikeja, morning shift", "Cashier at Shoprite Ikeja"),
    ("name", "Farida Osei / Nurse", "Farida Osei"),
    ("name", "Joy Achieng is the one who told me.", "Joy Achieng"),
    ("routine", "Walks the girls to St. Agnes every morning, 7:15", "every morning"),
    ("name", "My neighbour Joseph shouts at night.", "My neighbour Joseph"),
    ("name", "My landlord, Mr Banda, wants cash.", "Mr Banda"),
    ("name", "The man who hurt me, Ahmed Saleh, lives near us.", "Ahmed Saleh"),
    ("identity", "I was born on 14 March 1991.", "born on 14 March 1991"),
    ("identity", "DOB: 03/07/1986", "03/07/1986"),
    ("identity", "My passport number is P4829113.", "P4829113"),
    ("identity", "They asked for my ID number, it is 28934561.", "28934561"),
    ("meeting", "Meet me at the cafe on Saturday at 2 pm.", "Meet me at the cafe"),
    ("meeting", "I'll be the one with a blue umbrella.", "I'll be the one"),
    ("valuables", "I keep all my savings in a tin under the bed.", "savings"),
    ("valuables", "My husband hides his cash in the mattress.", "cash"),
    ("shelter", "The shelter is behind the police station.", "shelter is behind"),
    ("shelter", "We are at the safe house near the old cinema.", "safe house near"),
]


@pytest.mark.parametrize(
    ("kind", "text", "words"), RISKY, ids=[f"{k}-{i}" for i, (k, *_) in enumerate(RISKY)]
)
def test_each_kind_is_found_with_its_words(kind: str, text: str, words: str) -> None:
    found = [f for f in find_risks(text) if f.kind == kind]
    assert found, f"no {kind} in {text!r}: {find_risks(text)}"
    assert any(words in f.words for f in found), [f.words for f in found]


SAFE = [
    "The east well pump is broken",
    "Our street needs lights",
    "The market is busy on Fridays",
    "I went to the library and the clinic today.",
    "Our group has 20 families and we have dug 3 wells since 2019.",
    "A bag of flour costs 1,250 shillings now.",
    "The clinic opens on Mondays at 8 am.",
    "I am a nurse and a mother of two.",
    "I work in a bank and I see many scams every week.",
    "I feel alone sometimes, but this forum helps me.",
    "Schools close in December. Any advice for parents?",
    "The police station is next to the market, if you need help.",
    "Shelters for women exist in many cities.",
    "Which is safer, WhatsApp or Signal?",
    "Don't post your ID number anywhere!",
    "Room 101 at the training centre has the projector.",
    "I have 4 children and 2 grandchildren.",
    "My daughter is 12 and wants a phone. What do you think?",
    "Thank you Mrs Okafor for the wonderful training.",
    "The helpline 0800 720 990 is free and private.",
    "Every morning I read the forum with my tea.",
    "Lemon Star\nBooks for every child",
    "Broken street lights make the walk home hard for all of us.",
    "Amina\nVolunteer, Clean Water Group",
    "Our WhatsApp group has 45 members now.",
    "Some women keep money at home because banks are far.",
    "I wake up at 5 every day, I am a farmer.",
    "We sold 250 kg of coffee at 3.50 dollars per kilo.",
    "The Al Shifa hospital was in the news again.",
    "Proud Kenyan, proud mum",
]


@pytest.mark.parametrize("text", SAFE)
def test_general_community_talk_is_not_flagged(text: str) -> None:
    assert find_risks(text) == []


def test_forum_members_named_are_not_private_people() -> None:
    names = ("Amina Yusuf", "amina_y", "Grace Wanjiru")
    assert find_risks("Amina Yusuf wrote a good post.", names=names) == []
    assert find_risks("@amina_y I agree with you.", names=names) == []
    assert find_risks("Thank you Grace Wanjiru!", names=names) == []
    # The same words without the forum's names are a private person's full name.
    assert kinds("Amina Yusuf wrote a good post.") == {"name"}
    assert kinds("@amina_y I agree with you.") == {"social"}


def test_findings_carry_exact_span_and_plain_feedback() -> None:
    text = "I live at 14 Lotus Lane, next to the blue school. Call me on 0712 345 678"
    found = find_risks(text)
    assert {"home", "phone"} <= {f.kind for f in found}
    for f in found:
        assert isinstance(f, Finding)
        assert text[f.start : f.end] == f.words
        assert f.why
        assert f.hint
    phone = next(f for f in found if f.kind == "phone")
    assert phone.words == "0712 345 678"


@pytest.mark.parametrize("kind", sorted(risks_module.KINDS))
def test_feedback_reads_at_grade_six_or_below(kind: str) -> None:
    why, hint = risks_module.KINDS[kind]
    for sentence in (why, hint):
        assert textstat.flesch_kincaid_grade(sentence) <= 6, sentence


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_has_no_findings(text: str) -> None:
    assert find_risks(text) == []


def test_a_long_word_is_read_in_one_pass() -> None:
    # The e-mail pattern once restarted at every letter of a long word (quadratic time).
    assert risk_rules.rules("en").email.search("a" * 200 + " nothing here") is None
    assert [f.words for f in find_risks("x" * 3000 + " mail a.b@c.org")] == ["a.b@c.org"]


def test_unknown_language_falls_back_to_english() -> None:
    assert kinds("Call me on 0712 345 678", ()) == {"phone"}
    assert {f.kind for f in find_risks("Call me on 0712 345 678", lang="zz")} == {"phone"}


def test_a_trainer_can_add_a_street_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = risk_rules.PATTERNS / "risks.en.toml"
    text = src.read_text(encoding="utf-8").replace(
        'street = ["street",', 'street = ["barabara", "street",'
    )
    (tmp_path / "risks.sw.toml").write_text(text, encoding="utf-8")
    shutil.copy(src, tmp_path / "risks.en.toml")
    monkeypatch.setattr(risk_rules, "PATTERNS", tmp_path)
    risk_rules.rules.cache_clear()
    try:
        assert "home" not in kinds("We are at 12 Moi Barabara.")
        found = find_risks("We are at 12 Moi Barabara.", lang="sw")
        assert [f.words for f in found if f.kind == "home"] == ["12 Moi Barabara"]
    finally:
        risk_rules.rules.cache_clear()


# A public person, a work, a festival, a product or a helpline is not a private person; a
# place's opening hours and advice someone gave are not her routine (issue 11, dev4).
NOT_PRIVATE = [
    "Reading Sea of Lanterns by Imani Okafor-Reyes, who else loves her books?",
    '"Courage is quiet." — Ada Lindqvist',
    "Tomas Ferreira is my favourite singer, his voice is like honey.",
    "Happy Vaisakhi to everyone celebrating today!",
    "Is my Infinix Hot 30 too old for the new banking app?",
    "Lifeline Sisters 3344 answered me at midnight, they are kind.",
    "Do you know if the public pool opens at 7 on Sundays?",
    "My teacher told us never go out alone after dark.",
    "Governor Halima Dusabe opened the new clinic road yesterday.",
    "From what age do children take the bus to school alone where you live?",
    "Does anyone else stream the Kitchen Queens show on Friday at 8?",
    "The solar lamp cost me 2 350 000 UGX in total, too much?",
    "Parcel tracking number 5520 1187 4403 says delivered, but nothing came.",
    "The Sisters Line 0800 555 212 is free, day and night.",
]
PRIVATE_LOOKALIKES = [
    ("Beaten by Rosa Mbeki again, she lives in the flat above me.", "name"),
    ("The pool opens at 7 and I swim there alone every Sunday at 7.", "routine"),
    ("Mum always says never walk alone, but I walk to the bakery alone at 4 am.", "routine"),
    ("Farida Oseku is on the 3rd floor of our block, her husband drinks.", "name"),
    ("Daniel Mosoti is a player for our village team and he follows me home.", "name"),
    ("Rehema Atieno is coming, she will bring the cakes.", "name"),
    ("Do I let my twins walk to school alone at 7? They are 8.", "child"),
    ("Text me on 0733 902 114, it's free for you to message me.", "phone"),
    ("Eggs 300 shillings a tray, WhatsApp 0733 902 114 to order.", "phone"),
]


@pytest.mark.parametrize("text", NOT_PRIVATE)
def test_public_people_works_and_place_hours_are_not_flagged(text: str) -> None:
    assert find_risks(text) == []


@pytest.mark.parametrize(("text", "kind"), PRIVATE_LOOKALIKES)
def test_look_alikes_of_public_talk_are_still_flagged(text: str, kind: str) -> None:
    assert kind in kinds(text)


def test_a_trainer_can_add_a_brand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = risk_rules.PATTERNS / "risks.en.toml"
    text = src.read_text(encoding="utf-8").replace('brands = ["samsung",', 'brands = ["zulotel",')
    (tmp_path / "risks.xx.toml").write_text(text, encoding="utf-8")
    shutil.copy(src, tmp_path / "risks.en.toml")
    monkeypatch.setattr(risk_rules, "PATTERNS", tmp_path)
    risk_rules.rules.cache_clear()
    try:
        assert "name" in kinds("Zulotel Nova broke again, I am so tired of it.")
        assert find_risks("Zulotel Nova broke again, I am so tired of it.", lang="xx") == []
    finally:
        risk_rules.rules.cache_clear()


def _corpus(name: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = tomllib.loads((CORPUS / name).read_text(encoding="utf-8"))[
        "item"
    ]
    return items


@pytest.mark.parametrize(
    ("name", "risky_min", "safe_min"), [("posts.toml", 60, 60), ("signatures.toml", 30, 30)]
)
def test_corpus_catches_risky_and_leaves_safe(name: str, risky_min: int, safe_min: int) -> None:
    items = _corpus(name)
    risky = [i for i in items if i["label"] == "risky"]
    safe = [i for i in items if i["label"] == "safe"]
    assert len(risky) >= risky_min
    assert len(safe) >= safe_min
    for item in items:
        assert set(item["kinds"]) <= set(risks_module.KINDS)  # type: ignore[arg-type]

    def flagged(item: dict[str, object]) -> bool:
        return bool(find_risks(str(item["text"]), names=item.get("names", ())))  # type: ignore[arg-type]

    missed = [i["text"] for i in risky if not flagged(i)]
    wrong = [i["text"] for i in safe if flagged(i)]
    assert len(missed) <= 0.05 * len(risky), missed
    assert len(wrong) <= 0.05 * len(safe), wrong
