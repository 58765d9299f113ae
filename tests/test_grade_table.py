"""The grader's text report: the table of checks and the summary line per notebook."""

from __future__ import annotations

from toolkit.grade import CheckResult, NotebookResult, format_table


def test_table_and_summary() -> None:
    results = [
        NotebookResult(
            "a.ipynb",
            [
                CheckResult("quote", True, ["Fine."]),
                CheckResult("signature", False, ["Phone. " * 20]),
            ],
        ),
        NotebookResult("b.ipynb", [], stopped="The notebook stopped at cell 3: forum.post(me)"),
    ]
    table = format_table(results).splitlines()
    assert table[0].split() == ["Notebook", "Check", "Result", "Message"]
    assert table[2].split()[:3] == ["a.ipynb", "quote", "passed"]
    assert "not yet" in table[3]
    assert table[3].endswith("…")
    assert "(notebook)" in table[4]
    assert "stopped at cell 3" in table[4]
    assert results[0].summary() == "a.ipynb: 1 of 2 checks passed"
    assert results[1].summary() == "b.ipynb: no checks ran (stopped early)"
    assert not results[0].passed
    assert not results[1].passed
