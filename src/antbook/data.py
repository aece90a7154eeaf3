"""Load the book's data tables, validated against ``data/datapackage.json``.

Every table the book uses is a CSV file described by a Frictionless Data Package: a Table
Schema for each file with types, constraints, primary and foreign keys. :func:`load_table` is the
only way the book reads data. It validates the whole file on every load and raises
:class:`DataValidationError`, naming the file, the line and the column, for the first problem it
meets. Nothing is dropped, clipped or coerced silently.

The data folder is found in this order:

1. the folder named by the environment variable ``ANTBOOK_DATA_DIR``;
2. ``data/`` at the top of a source checkout (an editable install);
3. ``antbook/data`` inside an installed copy of the package (``pip install`` from git, as in Colab).

Examples
--------
>>> from antbook.data import load_table
>>> revenue = load_table("revenue_by_segment")
>>> sorted(revenue["period"].unique())[:2]
['2017', '2018']
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = [
    "DataValidationError",
    "data_dir",
    "load_table",
    "table_names",
    "validate_package",
    "sources_for",
    "catalogue",
]

SOURCE_COLUMNS = ("status", "source_url", "source_note", "checked_on")
"""Columns every fact-bearing table carries, so that each row names its source."""

STATUSES = ("verified", "derived", "estimate", "illustrative", "unverified")
"""What a row's ``status`` may say. ``derived`` is computed from verified rows (for example by
subtraction), ``estimate`` is a third party's estimate, ``illustrative`` is a model parameter
chosen by the authors for teaching, ``unverified`` was not confirmed by a source we could read."""


@dataclass
class DataValidationError(ValueError):
    """A data file broke its schema.

    Attributes
    ----------
    file : str
        Path of the offending file (as written in the data package).
    line : int or None
        Line number in the file, counting the header as line 1; None for file-level problems.
    column : str or None
        Column name, where the problem belongs to one column.
    message : str
        What is wrong, in words.
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json`` and the CSV files."""
    override = os.environ.get("ANTBOOK_DATA_DIR")
    if override:
        path = Path(override)
        if not (path / "datapackage.json").is_file():
            raise FileNotFoundError(f"ANTBOOK_DATA_DIR={override} has no datapackage.json")
        return path
    checkout = Path(__file__).resolve().parents[2] / "data"
    if (checkout / "datapackage.json").is_file():
        return checkout
    installed = Path(str(resources.files("antbook") / "data"))
    if (installed / "datapackage.json").is_file():
        return installed
    raise FileNotFoundError(
        "No data folder found: set ANTBOOK_DATA_DIR, work from a checkout of the book, "
        "or install the package from its repository."
    )


def _descriptor(folder: Path) -> dict:
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(str(path), exc.lineno, None,
                                  f"not valid JSON: {exc.msg}") from exc


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables (resources) in the data package, in the order it lists them."""
    folder = folder or data_dir()
    return [r["name"] for r in _descriptor(folder)["resources"]]


def _first_bad_utf8_line(path: Path) -> tuple[int, str]:
    """Find the first line of ``path`` that is not UTF-8, with the decoder's complaint."""
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return number, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at character {exc.start + 1})"
    return 1, "not UTF-8"


def _key_column(error, schema: dict) -> str | None:
    """The column(s) a row-level key error is about, from the schema."""
    if error.type == "primary-key":
        return ", ".join(schema.get("primaryKey", [])) or None
    if error.type == "foreign-key":
        # frictionless names the failing field in the message: 'for "a_id": values ...'
        for fk in schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            if any(f'"{f}"' in error.message for f in fields):
                return ", ".join(fields)
    return None


def _raise_first_error(report, resource: dict, folder: Path) -> None:
    file = resource["path"]
    path = folder / file
    for task in report.tasks:
        for error in task.errors:
            if error.type == "encoding-error":
                line, why = _first_bad_utf8_line(path)
                raise DataValidationError(file, line, None, why)
            if error.type == "scheme-error" or error.type == "source-error":
                raise DataValidationError(file, None, None, error.note or error.message)
            if error.type in {"missing-label", "extra-label", "incorrect-label", "blank-label",
                              "duplicate-label"}:
                column = getattr(error, "field_name", None) or getattr(error, "label", None)
                raise DataValidationError(file, 1, column, f"header problem ({error.type}): "
                                          f"{error.note}")
            line = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None) or _key_column(error, resource["schema"])
            note = getattr(error, "note", "") or error.message
            raise DataValidationError(file, line, column, f"{error.type}: {note}")


def _check_not_empty(resource: dict, folder: Path) -> None:
    path = folder / resource["path"]
    if not path.is_file():
        raise DataValidationError(resource["path"], None, None, "file not found")
    text = path.read_bytes()
    if not text.strip():
        raise DataValidationError(resource["path"], None, None,
                                  "file is empty (no header, no rows)")
    if len(text.strip().splitlines()) < 2:
        raise DataValidationError(resource["path"], 1, None, "file has a header but no data rows")


def _frictionless_package(folder: Path):
    from frictionless import Package  # imported here: it is slow to import

    return Package(str(folder / "datapackage.json"), basepath=str(folder))


def _validate(name: str, folder: Path) -> None:
    descriptor = _descriptor(folder)
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        raise KeyError(f"{folder / 'datapackage.json'} has no table named {name!r}; "
                       f"it has {', '.join(r['name'] for r in descriptor['resources'])}")
    _check_not_empty(resource, folder)
    package = _frictionless_package(folder)
    report = package.get_resource(name).validate()
    if not report.valid:
        _raise_first_error(report, resource, folder)
    _check_list_foreign_keys(resource, descriptor, folder)


def _check_list_foreign_keys(resource: dict, descriptor: dict, folder: Path) -> None:
    """Check the schema's ``listForeignKeys``: a text column holding several keys of another
    table, separated by ``separator`` (Table Schema's foreign keys take one value a cell).

    Each entry reads ``{"field": ..., "separator": ";", "reference": {"resource": ...,
    "field": ...}}``; an empty item, a repeated item or a key missing from the referenced table
    raises :class:`DataValidationError` with the file, line and column.
    """
    specs = resource["schema"].get("listForeignKeys", [])
    if not specs:
        return
    file = resource["path"]
    rows = pd.read_csv(folder / file, dtype=str, keep_default_na=False, encoding="utf-8")
    for spec in specs:
        column, separator = spec["field"], spec.get("separator", ";")
        target = next((r for r in descriptor["resources"]
                       if r["name"] == spec["reference"]["resource"]), None)
        if target is None:
            raise DataValidationError(file, None, column, "listForeignKeys refers to unknown "
                                      f"table {spec['reference']['resource']!r}")
        keys = set(pd.read_csv(folder / target["path"], dtype=str, keep_default_na=False,
                               encoding="utf-8")[spec["reference"]["field"]])
        for line, cell in enumerate(rows[column], start=2):
            items = cell.split(separator) if cell else []
            if not items or any(not item.strip() for item in items):
                raise DataValidationError(file, line, column,
                                          f"list-foreign-key: empty item in {cell!r}")
            if len(set(items)) != len(items):
                raise DataValidationError(file, line, column,
                                          f"list-foreign-key: repeated item in {cell!r}")
            missing = [item for item in items if item not in keys]
            if missing:
                raise DataValidationError(
                    file, line, column, f"list-foreign-key: {', '.join(missing)} not found in "
                    f"{target['path']} column '{spec['reference']['field']}'")


def validate_package(folder: Path | None = None) -> None:
    """Validate every table of the package, foreign keys included; raise on the first error."""
    folder = folder or data_dir()
    for name in table_names(folder):
        _validate(name, folder)


_PANDAS_TYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
}


@cache
def _load_cached(name: str, folder: Path, mtime_ns: int) -> pd.DataFrame:
    _validate(name, folder)
    descriptor = _descriptor(folder)
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    fields = resource["schema"]["fields"]
    # Validation has passed, so every cell parses as its declared type; read as text and cast
    # column by column so that pandas never guesses a type.
    frame = pd.read_csv(folder / resource["path"], dtype=str, keep_default_na=False,
                        encoding="utf-8")
    for field in fields:
        column = frame[field["name"]].replace("", pd.NA)
        kind = field.get("type", "string")
        if kind in ("date", "datetime"):
            frame[field["name"]] = pd.to_datetime(column, format="ISO8601")
        else:
            frame[field["name"]] = column.astype(_PANDAS_TYPES.get(kind, "string"))
    return frame


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Load one table of the data package as a typed DataFrame, after validating it.

    Parameters
    ----------
    name : str
        The resource name in ``datapackage.json`` (for example ``"revenue_by_segment"``).
    folder : Path, optional
        Another data folder (tests use this); by default :func:`data_dir`.

    Returns
    -------
    pandas.DataFrame
        One column per schema field, typed as the schema says (``Int64``, ``float64``,
        ``string``, ``boolean``, ``datetime64``). A fresh copy: callers may modify it.

    Raises
    ------
    DataValidationError
        If the file breaks its schema; the error names the file, the line and the column.
    """
    folder = (folder or data_dir()).resolve()
    descriptor = _descriptor(folder)
    paths = [folder / r["path"] for r in descriptor["resources"]]
    # Foreign keys make a table's validity depend on other files: key the cache on them all.
    stamp = sum(p.stat().st_mtime_ns for p in paths if p.exists()) + (
        folder / "datapackage.json").stat().st_mtime_ns
    return _load_cached(name, folder, stamp).copy()


def sources_for(frame: pd.DataFrame, label_column: str) -> pd.DataFrame:
    """The source columns of a fact table, labelled, for a 'where the numbers come from' table."""
    missing = [c for c in SOURCE_COLUMNS if c not in frame.columns]
    if missing:
        raise KeyError(f"table has no source columns {missing}")
    out = frame[[label_column, *SOURCE_COLUMNS]].copy()
    out["checked_on"] = out["checked_on"].dt.strftime("%Y-%m-%d")
    return out


def catalogue(folder: Path | None = None) -> pd.DataFrame:
    """One row per table of the package: file, title, rows, and rows by status."""
    folder = folder or data_dir()
    rows = []
    for resource in _descriptor(folder)["resources"]:
        frame = load_table(resource["name"], folder)
        counts = (frame["status"].value_counts().reindex(STATUSES, fill_value=0)
                  if "status" in frame.columns else pd.Series(0, index=list(STATUSES)))
        by_status = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        rows.append({"file": f"data/{resource['path']}", "what it holds": resource.get("title", ""),
                     "rows": len(frame), "rows by status": by_status or "(no facts)"})
    return pd.DataFrame(rows)
