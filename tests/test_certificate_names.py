"""The names CSV for certificates: columns, BOM, separators, and messages that say how to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.course.certificate_names import read_names
from toolkit.course.errors import CertificateError


def test_read_names_with_bom_blank_lines_and_optional_columns(tmp_path: Path) -> None:
    csv_file = tmp_path / "names.csv"
    csv_file.write_bytes(
        "\ufeffName,Handle,notebook,date\r\n"
        "\r\n"
        "Amina Karimi,@amina_k,subs/amina.ipynb,\r\n"
        ",,,\r\n"
        "  نور  ,noor,subs/noor-1.ipynb; subs/noor-2.ipynb,2026-03-15\r\n"
        "\r\n"
        "សុខា,,,\r\n".encode()
    )
    learners = read_names(csv_file)
    assert [x.name for x in learners] == ["Amina Karimi", "نور", "សុខា"]
    amina, noor, sokha = learners
    assert amina.handle == "amina_k"
    assert amina.notebooks == ("subs/amina.ipynb",)
    assert amina.notebook == "subs/amina.ipynb"
    assert amina.date is None
    assert noor.notebooks == ("subs/noor-1.ipynb", "subs/noor-2.ipynb")
    assert noor.date == "2026-03-15"
    assert sokha.handle is None
    assert sokha.notebooks == ()
    assert [x.number for x in learners] == [1, 2, 3]
    assert amina.base_dir == tmp_path


def test_read_names_only_a_name_column_without_bom(tmp_path: Path) -> None:
    csv_file = tmp_path / "names.csv"
    csv_file.write_text("name\nAmina\nBen\n", encoding="utf-8")
    assert [x.name for x in read_names(csv_file)] == ["Amina", "Ben"]


def test_read_names_semicolon_separated(tmp_path: Path) -> None:
    csv_file = tmp_path / "names.csv"
    csv_file.write_text("name;handle\nKarimi, Amina;amina_k\n", encoding="utf-8")
    [amina] = read_names(csv_file)
    assert (amina.name, amina.handle) == ("Karimi, Amina", "amina_k")


def test_missing_name_column_says_how_to_fix(tmp_path: Path) -> None:
    csv_file = tmp_path / "names.csv"
    csv_file.write_text("\nlearner,email\nAmina,a@example.org\n", encoding="utf-8")
    with pytest.raises(CertificateError) as info:
        read_names(csv_file)
    msg = str(info.value)
    assert "names.csv, line 2" in msg
    assert "no 'name' column" in msg
    assert "'learner'" in msg
    assert "Fix:" in msg
    assert "name,handle,notebook,date" in msg


def test_empty_name_names_the_row(tmp_path: Path) -> None:
    csv_file = tmp_path / "names.csv"
    csv_file.write_text("name,handle\nAmina,amina_k\n,ben_o\n", encoding="utf-8")
    with pytest.raises(CertificateError) as info:
        read_names(csv_file)
    msg = str(info.value)
    assert "line 3" in msg
    assert "name is empty" in msg
    assert "Fix:" in msg


def test_empty_file_and_missing_file_and_bad_encoding(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CertificateError, match="empty"):
        read_names(empty)
    with pytest.raises(CertificateError, match="cannot read"):
        read_names(tmp_path / "nope.csv")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("name\nJosé\n".encode("latin-1"))
    with pytest.raises(CertificateError, match="UTF-8"):
        read_names(latin1)
