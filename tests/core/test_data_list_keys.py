"""List-valued foreign keys (``listForeignKeys`` in a schema): the claims and perimeter tables
name their fact rows as ``id;id``; every item must be a row of facts.csv, and a bad cell is
refused with the file, the line and the column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from antbook.data import DataValidationError, data_dir, load_table


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    return folder


def _replace_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("name", ["claims", "perimeter"])
def test_the_real_tables_load(name):
    frame = load_table(name)
    assert len(frame) > 0
    facts = set(load_table("facts")["fact_id"])
    for cell in frame["source_ids"]:
        assert set(cell.split(";")) <= facts


def test_unknown_fact_id_names_file_line_and_column(copy):
    _replace_line(copy / "claims.csv", 3, "ch1_credit_cards_2003", "ch1_no_such_fact")
    with pytest.raises(DataValidationError) as caught:
        load_table("claims", copy)
    error = caught.value
    assert (error.file, error.line, error.column) == ("claims.csv", 3, "source_ids")
    assert "ch1_no_such_fact" in str(error) and "facts.csv" in str(error)


def test_empty_item_is_refused(copy):
    _replace_line(copy / "claims.csv", 2, "own_balance_share;", "own_balance_share;;")
    with pytest.raises(DataValidationError) as caught:
        load_table("claims", copy)
    # the schema's pattern catches it first: still the right line and column
    assert (caught.value.line, caught.value.column) == (2, "source_ids")


def test_repeated_item_is_refused(copy):
    _replace_line(copy / "claims.csv", 2, "own_balance_share;", "own_balance_share;"
                  "own_balance_share;")
    with pytest.raises(DataValidationError, match="repeated") as caught:
        load_table("claims", copy)
    assert (caught.value.line, caught.value.column) == (2, "source_ids")


def test_verdict_outside_the_allowed_set(copy):
    _replace_line(copy / "claims.csv", 2, "partly supported,partly supported",
                  "partly supported,probably")
    with pytest.raises(DataValidationError) as caught:
        load_table("claims", copy)
    assert (caught.value.file, caught.value.line, caught.value.column) == (
        "claims.csv", 2, "verdict_now")


def test_perimeter_coverage_outside_the_allowed_set(copy):
    _replace_line(copy / "perimeter.csv", 2, ",no,", ",maybe,")
    with pytest.raises(DataValidationError) as caught:
        load_table("perimeter", copy)
    assert (caught.value.file, caught.value.line, caught.value.column) == (
        "perimeter.csv", 2, "covered")


def test_perimeter_year_outside_2017_2024(copy):
    _replace_line(copy / "perimeter.csv", 2, ",2017,", ",2016,")
    with pytest.raises(DataValidationError) as caught:
        load_table("perimeter", copy)
    assert (caught.value.line, caught.value.column) == (2, "year")
