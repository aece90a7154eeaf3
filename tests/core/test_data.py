"""The data package: the real tables validate and carry sources; malformed files are refused
with the file, the line and the column."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import antbook.data as data_module
from antbook.data import (
    SOURCE_COLUMNS,
    STATUSES,
    DataValidationError,
    catalogue,
    data_dir,
    load_table,
    sources_for,
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


# -- where the data folder is found, and the other refusals ------------------------------------


def test_data_dir_override_without_a_package_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTBOOK_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError) as error:
        data_dir()
    assert str(error.value) == f"ANTBOOK_DATA_DIR={tmp_path} has no datapackage.json"


def _outside_a_checkout(tmp_path, monkeypatch, installed: Path):
    """Pretend the module is installed under tmp_path/site, with resources in ``installed``."""
    module = tmp_path / "site" / "antbook" / "data.py"
    module.parent.mkdir(parents=True)
    monkeypatch.delenv("ANTBOOK_DATA_DIR", raising=False)
    monkeypatch.setattr(data_module, "__file__", str(module))
    monkeypatch.setattr(data_module.resources, "files", lambda package: installed)


def test_installed_copy_is_found_when_there_is_no_checkout(tmp_path, monkeypatch, package):
    installed = tmp_path / "wheel" / "antbook"
    (installed / "data").mkdir(parents=True)
    shutil.copy(package / "datapackage.json", installed / "data")
    _outside_a_checkout(tmp_path, monkeypatch, installed)
    assert data_dir() == installed / "data"


def test_no_data_folder_found(tmp_path, monkeypatch):
    _outside_a_checkout(tmp_path, monkeypatch, tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="^No data folder found: set ANTBOOK_DATA_DIR"):
        data_dir()


def test_the_checkout_is_preferred_to_an_installed_copy(monkeypatch):
    monkeypatch.delenv("ANTBOOK_DATA_DIR", raising=False)
    assert data_dir() == Path(data_module.__file__).resolve().parents[2] / "data"


def test_invalid_json_names_the_file_and_line(package):
    (package / "datapackage.json").write_text('{"name": "test",\n "resources": [,]}',
                                              encoding="utf-8")
    err = _error(package, "people")
    assert err.file == str(package / "datapackage.json") and err.line == 2
    assert err.message.startswith("not valid JSON: ")
    with pytest.raises(DataValidationError, match="line 2: not valid JSON"):
        table_names(package)


def test_a_listed_csv_that_is_missing(package):
    (package / "pets.csv").unlink()
    err = _error(package, "pets")
    assert (err.file, err.line, err.column, err.message) == ("pets.csv", None, None,
                                                             "file not found")
    assert str(err) == "pets.csv: file not found"


def test_table_names_in_package_order(package):
    assert table_names(package) == ["people", "pets"]


def test_validate_package_stops_at_the_first_bad_table(package):
    validate_package(package)
    (package / "pets.csv").write_text(GOOD_PETS + "rex,ann\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"^pets.csv, line 4, column 'pet_id'"):
        validate_package(package)


def test_the_utf8_fallback_when_no_single_line_fails(tmp_path):
    path = tmp_path / "fine.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert data_module._first_bad_utf8_line(path) == (1, "not UTF-8")


def test_a_key_error_the_schema_cannot_place_has_no_column():
    from types import SimpleNamespace

    schema = {"primaryKey": ["pet_id"],
              "foreignKeys": [{"fields": "owner", "reference": {"resource": "people"}}]}
    assert data_module._key_column(SimpleNamespace(type="primary-key", message=""), schema) \
        == "pet_id"
    assert data_module._key_column(SimpleNamespace(type="primary-key", message=""), {}) is None
    named = SimpleNamespace(type="foreign-key", message='for "owner": values "x" not found')
    assert data_module._key_column(named, schema) == "owner"
    unnamed = SimpleNamespace(type="foreign-key", message="values not found")
    assert data_module._key_column(unnamed, schema) is None
    assert data_module._key_column(SimpleNamespace(type="unique-error", message=""), schema) \
        is None


def test_a_source_error_is_a_file_level_error(package):
    from types import SimpleNamespace

    report = SimpleNamespace(tasks=[SimpleNamespace(errors=[
        SimpleNamespace(type="source-error", note="cannot open", message="m")])])
    with pytest.raises(DataValidationError) as caught:
        data_module._raise_first_error(report, {"path": "people.csv", "schema": {}}, package)
    assert (caught.value.file, caught.value.line, caught.value.column) == ("people.csv", None,
                                                                          None)
    assert caught.value.message == "cannot open"


def test_a_key_error_without_a_column_still_names_file_and_line(package):
    from types import SimpleNamespace

    report = SimpleNamespace(tasks=[SimpleNamespace(errors=[
        SimpleNamespace(type="foreign-key", note="", message="values not found", row_number=5)])])
    with pytest.raises(DataValidationError) as caught:
        data_module._raise_first_error(report, {"path": "pets.csv", "schema": {}}, package)
    assert str(caught.value) == "pets.csv, line 5: foreign-key: values not found"


def test_sources_for_labels_the_source_columns():
    frame = load_table("facts")
    out = sources_for(frame, "fact_id")
    assert list(out.columns) == ["fact_id", *SOURCE_COLUMNS]
    assert out["checked_on"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert len(out) == len(frame)


def test_sources_for_names_the_missing_columns():
    frame = pd.DataFrame({"label": ["a"], "status": ["verified"], "source_url": ["https://x"]})
    with pytest.raises(KeyError, match=r"table has no source columns \['source_note', "
                                       r"'checked_on'\]"):
        sources_for(frame, "label")


def test_catalogue_of_a_package_without_facts(package):
    table = catalogue(package)
    assert table.to_dict("records") == [
        {"file": "data/people.csv", "what it holds": "", "rows": 2,
         "rows by status": "(no facts)"},
        {"file": "data/pets.csv", "what it holds": "", "rows": 2, "rows by status": "(no facts)"}]


def test_catalogue_counts_rows_by_status():
    table = catalogue().set_index("file")
    facts = load_table("facts")
    counts = facts["status"].value_counts()
    expected = ", ".join(f"{counts[s]} {s}" for s in STATUSES if s in counts)
    assert table.at["data/facts.csv", "rows by status"] == expected
    assert table.at["data/facts.csv", "rows"] == len(facts)
