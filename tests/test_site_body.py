"""toolkit.course.site_body: English left in on a right-to-left page runs left to right."""

from __future__ import annotations

from toolkit.course.site_body import left_to_right_fallbacks


def test_english_blocks_on_a_right_to_left_page_get_dir_ltr() -> None:
    body = (
        '<div lang="en">\n<p>Hello.</p></div><h2><span class="x" lang="en">Your turn</span></h2>'
        '<p lang="ar">مرحبا</p><span lang="en" dir="auto">kept</span><a hreflang="en">fr</a>'
    )
    out = left_to_right_fallbacks(body, "rtl")
    assert '<div lang="en" dir="ltr">' in out
    assert '<span class="x" lang="en" dir="ltr">Your turn</span>' in out
    assert '<p lang="ar">' in out  # right to left already
    assert '<span lang="en" dir="auto">' in out  # a direction given stays
    assert '<a hreflang="en">' in out  # not a language mark
    assert left_to_right_fallbacks(body, "ltr") == body
