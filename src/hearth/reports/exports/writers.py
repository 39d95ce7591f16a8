"""Writing export rows to a file, row by row, so memory stays flat whatever the
size: CSV with the csv module, XLSX with openpyxl in write-only mode (rows go to
the file as they come, strings inline), JSON as an array written one object at a
time. An encrypted export is the file inside an AES-256 ZIP (pyzipper)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pyzipper
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

PROGRESS_EVERY = 2000
# A cell starting like this is a formula to a spreadsheet: names are typed by
# anyone, so such text is kept as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _counted(rows: Iterable, progress: Callable[[int], None] | None):
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


def write(path: Path, fmt: str, rows, progress: Callable[[int], None] | None = None) -> None:
    """Write `rows` (a rows.Rows) to `path` in `fmt` (csv, xlsx, json)."""
    {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}[fmt](path, rows, progress)


def _csv_cell(value) -> str:
    if value.__class__ is str:
        return "'" + value if value[:1] in FORMULA_START else value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in FORMULA_START:
        return "'" + text
    return text


def write_csv(path: Path, rows, progress=None) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        out.write("\ufeff")  # tells spreadsheets the file is UTF-8
        writer = csv.writer(out)
        writer.writerow(rows.header())
        for row in _counted(rows, progress):
            writer.writerow([_csv_cell(v) for v in row])


def write_xlsx(path: Path, rows, progress=None) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for text in rows.header():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in _counted(rows, progress):
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.save(path)


def _xlsx_cell(sheet, value):
    if not isinstance(value, str):
        return value
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] == "=":
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def _json_value(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def write_json(path: Path, rows, progress=None) -> None:
    keys = rows.keys()
    with open(path, "w", encoding="utf-8") as out:
        out.write("[")
        first = True
        for row in _counted(rows, progress):
            out.write("\n" if first else ",\n")
            out.write(json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False,
                                 default=_json_value))  # fmt: skip
            first = False
        out.write("\n]\n")


def encrypt(plain: Path, target: Path, name_inside: str, password: str) -> None:
    """`plain` inside an AES-256 encrypted ZIP at `target`."""
    with pyzipper.AESZipFile(
        target, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.write(plain, name_inside)
