"""The data package: the real tables validate and carry sources; malformed files are refused
with the file, the line and the column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from antbook.data import (
    SOURCE_COLUMNS,
    STATUSES,
    DataValidationError,
    catalogue,
    data_dir,
    load_table,
    table_names,
    validate_package,
)


def test_the_book_data_package_validates():
    validate_package()


@pytest.mark.parametrize("name", table_names())
def test_every_table_loads_with_schema_types(name):
    frame = load_table(name)
    fields = {f["name"]: f["type"] for r in json.loads(
        (data_dir() / "datapackage.json").read_text(encoding="utf-8"))["resources"]
        if r["name"] == name for f in r["schema"]["fields"]}
    assert list(frame.columns) == list(fields)
    for column, kind in fields.items():
        if kind == "integer":
            assert str(frame[column].dtype) == "Int64", column
        elif kind == "number":
            assert frame[column].dtype == "float64", column
        elif kind == "date":
            assert pd.api.types.is_datetime64_any_dtype(frame[column]), column


@pytest.mark.parametrize("name", table_names())
def test_every_fact_row_names_its_source(name):
    frame = load_table(name)
    if "source_url" not in frame.columns:
        pytest.skip(f"{name} states no facts")
    assert set(SOURCE_COLUMNS) <= set(frame.columns)
    assert frame["source_url"].str.match(r"https?://").all()
    assert frame["status"].isin(STATUSES).all()
    assert frame["source_note"].str.len().min() >= 10
    assert not frame["checked_on"].isna().any()


def test_loaded_frames_are_copies():
    first = load_table("facts")
    first.loc[0, "statement"] = "changed"
    assert load_table("facts").loc[0, "statement"] != "changed"


def test_catalogue_lists_every_table():
    assert list(catalogue()["file"]) == [f"data/{n}.csv" for n in table_names()]


# -- malformed inputs ----------------------------------------------------------------------------

SCHEMA = {
    "name": "test",
    "resources": [
        {"name": "people", "path": "people.csv", "format": "csv", "encoding": "utf-8",
         "schema": {"fields": [
             {"name": "person_id", "type": "string", "constraints": {"required": True}},
             {"name": "born", "type": "date", "constraints": {"required": True}},
             {"name": "height_cm", "type": "number", "constraints": {"minimum": 0}},
         ], "primaryKey": ["person_id"], "missingValues": [""]}},
        {"name": "pets", "path": "pets.csv", "format": "csv", "encoding": "utf-8",
         "schema": {"fields": [
             {"name": "pet_id", "type": "string"},
             {"name": "owner", "type": "string"},
         ], "primaryKey": ["pet_id"], "missingValues": [""],
             "foreignKeys": [{"fields": ["owner"],
                              "reference": {"resource": "people", "fields": ["person_id"]}}]}},
    ],
}
GOOD_PEOPLE = "person_id,born,height_cm\nann,1990-01-31,170.5\nbob,1985-06-01,182\n"
GOOD_PETS = "pet_id,owner\nrex,ann\ntom,bob\n"


@pytest.fixture
def package(tmp_path: Path):
    """A small valid data package in a temporary folder; tests break one file at a time."""
    (tmp_path / "datapackage.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "people.csv").write_text(GOOD_PEOPLE, encoding="utf-8")
    (tmp_path / "pets.csv").write_text(GOOD_PETS, encoding="utf-8")
    return tmp_path


def _error(folder: Path, name: str) -> DataValidationError:
    with pytest.raises(DataValidationError) as caught:
        load_table(name, folder)
    return caught.value


def test_valid_package_loads(package):
    people = load_table("people", package)
    assert list(people["person_id"]) == ["ann", "bob"]
    assert people["height_cm"].tolist() == [170.5, 182.0]
    assert people["born"].dt.year.tolist() == [1990, 1985]


def test_missing_column(package):
    (package / "people.csv").write_text("person_id,born\nann,1990-01-31\n", encoding="utf-8")
    err = _error(package, "people")
    assert (err.file, err.line, err.column) == ("people.csv", 1, "height_cm")
    assert "people.csv, line 1, column 'height_cm'" in str(err)


def test_wrong_type(package):
    (package / "people.csv").write_text(GOOD_PEOPLE.replace("182", "tall"), encoding="utf-8")
    err = _error(package, "people")
    assert (err.file, err.line, err.column) == ("people.csv", 3, "height_cm")
    assert "type" in err.message


def test_bad_date(package):
    (package / "people.csv").write_text(GOOD_PEOPLE.replace("1990-01-31", "1990-02-31"),
                                        encoding="utf-8")
    err = _error(package, "people")
    assert (err.file, err.line, err.column) == ("people.csv", 2, "born")


def test_constraint_broken(package):
    (package / "people.csv").write_text(GOOD_PEOPLE.replace("182", "-3"), encoding="utf-8")
    err = _error(package, "people")
    assert (err.line, err.column) == (3, "height_cm")
    assert "constraint" in err.message


def test_required_value_missing(package):
    (package / "people.csv").write_text(GOOD_PEOPLE.replace("1985-06-01", ""), encoding="utf-8")
    err = _error(package, "people")
    assert (err.line, err.column) == (3, "born")


def test_duplicate_key(package):
    (package / "people.csv").write_text(GOOD_PEOPLE + "ann,2000-01-01,150\n", encoding="utf-8")
    err = _error(package, "people")
    assert (err.file, err.line, err.column) == ("people.csv", 4, "person_id")
    assert "primary-key" in err.message


def test_dangling_foreign_key(package):
    (package / "pets.csv").write_text(GOOD_PETS + "fido,carol\n", encoding="utf-8")
    err = _error(package, "pets")
    assert (err.file, err.line, err.column) == ("pets.csv", 4, "owner")
    assert "carol" in err.message


def test_empty_file(package):
    (package / "people.csv").write_text("", encoding="utf-8")
    err = _error(package, "people")
    assert err.file == "people.csv" and "empty" in err.message


def test_header_without_rows(package):
    (package / "people.csv").write_text("person_id,born,height_cm\n", encoding="utf-8")
    err = _error(package, "people")
    assert err.line == 1 and "no data rows" in err.message


def test_file_that_is_not_utf8(package):
    (package / "people.csv").write_bytes(GOOD_PEOPLE.replace("bob", "b\xf6b").encode("latin-1"))
    err = _error(package, "people")
    assert (err.file, err.line) == ("people.csv", 3)
    assert "not UTF-8" in err.message and "0xf6" in err.message


def test_unknown_table_names_the_ones_that_exist(package):
    with pytest.raises(KeyError, match="people, pets"):
        load_table("cats", package)


def test_edit_after_load_is_seen(package):
    assert len(load_table("people", package)) == 2
    (package / "people.csv").write_text(GOOD_PEOPLE + "cy,2001-01-01,160\n", encoding="utf-8")
    assert len(load_table("people", package)) == 3


def test_installed_copy_finds_its_data(tmp_path, monkeypatch):
    """ANTBOOK_DATA_DIR (and, in a wheel, antbook/data) is found without a checkout."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("ANTBOOK_DATA_DIR", str(copy))
    assert data_dir() == copy
    assert len(load_table("facts")) == len(pd.read_csv(copy / "facts.csv"))


def test_the_wheel_carries_the_data(tmp_path):
    """A wheel of the package holds data/ as antbook/data, so pip-installed copies (Colab) work."""
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp_path), str(root)], check=True)
    (wheel,) = tmp_path.glob("antbook-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "antbook/data/datapackage.json" in names
    for name in table_names():
        assert f"antbook/data/{name}.csv" in names
