"""The risk finder reads Arabic (MSA, Maghreb and Levant words in Arabic script): risky posts as
learners write them flag the right kind, with prefixes joined to words, with or without hamza,
in Western or Eastern Arabic digits; safe look-alikes stay unflagged.
All names and places are made up."""

from __future__ import annotations

import phonenumbers
import pytest

from toolkit.safety import find_risks, risk_rules


def kinds(text: str) -> set[str]:
    return {f.kind for f in find_risks(text, lang="ar")}


RISKY = [
    # home
    ("home", "أسكن في شارع الياسمين رقم 12 قرب الصيدلية"),
    ("home", "بيتي جنب الجامع الكبير، الباب الأخضر"),
    ("home", "ساكنة فحي النسيم، زنقة 7 رقم 14"),
    ("home", "دارنا ورا المدرسة الابتدائية في درب السلطان"),
    ("home", "عمارة 3 شقة 12، الطابق الرابع"),
    ("home", "انا ساكن بعد محطة الباص التانية، اول بناية على اليمين"),
    # child
    ("child", "ابنتي سلمى في الصف الرابع بمدرسة النور"),
    ("child", "ولدي كيقرا فثانوية ابن رشد"),
    ("child", "بنتي ترجع من المدرسة وحدها الساعة 4"),
    # routine
    ("routine", "كل يوم الساعة 6 نخرج للسوق"),
    ("routine", "نرجع من الخدمة وحدي كل ليلة"),
    ("routine", "كل صباح الساعة ٧ أمشي للمحطة"),
    # workplace
    ("workplace", "أشتغل في صيدلية النور قرب المحطة"),
    ("workplace", "انا ممرضة في مستشفى ابن سينا قسم الولادة"),
    # phones: Morocco, Algeria, Tunisia, Egypt, Jordan, Lebanon; Eastern digits; spelled out
    ("phone", "رقمي 0661234578 اتصلي بي"),
    ("phone", "رقمي ٠٦٦١٢٣٤٥٧٨"),
    ("phone", "كلميني على ٠٦ ٦١ ٢٣ ٤٥ ٧٨"),
    ("phone", "نمرتي 0550 12 34 56"),
    ("phone", "تلفوني 20 123 456 في تونس"),
    ("phone", "رقمي المصري ٠١٠١٢٣٤٥٦٧٨"),
    ("phone", "واتساب 079 123 4567"),
    ("phone", "رقمي بلبنان 03 123 456"),
    ("phone", "صفر ستة ستة واحد اثنين ثلاثة اربعة خمسة سبعة ثمانية"),
    # valuables, meeting
    ("valuables", "أخبي فلوسي تحت الفراش"),
    ("meeting", "نتقابل السبت الساعة 5 قدام المقهى، سألبس حجاب أحمر"),
]

SAFE = [
    "اتصلي بالشرطة على 19 إذا كنت في خطر",
    "الرقم الأخضر 8350 مجاني",
    "دفعت 3000 درهم للكراء هاد الشهر",
    "الاجتماع يوم 14/03/2025 في دار الشباب",
    "شارع الحبيب بورقيبة كان مزدحما اليوم",
    "الصيدلية تفتح كل يوم الساعة 8",
    "«المرأة المتعلمة حرة» قالت جدتي",
    "أسكن في الدار البيضاء وأشتغل خياطة",
    "أشتغل في بنك منذ سنتين",
    "أحط فلوسي في البنك أحسن",
    "ابني عمره 12 سنة ويريد هاتف، شو رأيكم؟",
    "شكرا على النصائح، سأنتبه لما أنشره",
]


@pytest.mark.parametrize(("kind", "text"), RISKY)
def test_risky_arabic_post_is_flagged_with_its_kind(kind: str, text: str) -> None:
    assert kind in kinds(text), (text, find_risks(text, lang="ar"))


@pytest.mark.parametrize("text", SAFE)
def test_safe_arabic_post_is_not_flagged(text: str) -> None:
    assert find_risks(text, lang="ar") == []


def test_eastern_digits_are_shown_as_she_wrote_them() -> None:
    text = "رقمي ٠٦٦١٢٣٤٥٧٨"
    (f,) = find_risks(text, lang="ar")
    assert f.words == "٠٦٦١٢٣٤٥٧٨" == text[f.start : f.end]


def test_fold_keeps_length_and_makes_ascii_digits() -> None:
    text = "أسكن في ٠٦٦١٢٣٤٥٧٨؟"
    folded = risk_rules.fold(text)
    assert len(folded) == len(text)
    assert folded == "اسكن في 0661234578?"
    # phonenumbers reads the folded number as a Moroccan mobile.
    match = next(iter(phonenumbers.PhoneNumberMatcher(folded, "MA")))
    assert phonenumbers.number_type(match.number) == phonenumbers.PhoneNumberType.MOBILE


def test_hamza_and_prefixes_read_alike() -> None:
    assert kinds("أسكن جنب المسجد") == kinds("اسكن جنب المسجد") == {"home"}
    # "و" joined to the verb, "ب" and "ال" joined to the place
    assert "home" in kinds("ونسكن بالحي الجديد رقم 5")


def test_arabic_words_list_missing_from_textstat_is_empty_not_an_error() -> None:
    assert risk_rules.rules("ar").easy == frozenset()


def test_english_post_read_with_arabic_patterns_still_finds_phones_and_emails() -> None:
    assert kinds("call me on +212 661 234 578 or mail salma@example.org") == {"phone", "email"}


@pytest.mark.parametrize(
    "text",
    [
        "أحب الكتب. تجدونني في مكتبة هيلكريست كل سبت الساعة 10.",
        "أخبز الخبز. اشتروه من كشكي قرب مدرسة ليكسايد كل جمعة الساعة 8.",
    ],
)
def test_where_and_when_to_find_her(text: str) -> None:
    assert {f.kind for f in find_risks(text, lang="ar")} == {"routine"}
    assert not find_risks("أحب الكتب وأريد أن أبدأ نادي قراءة.", lang="ar")
