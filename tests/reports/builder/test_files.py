"""The CSV and XLSX of a report: the same cells and totals as the page, numbers as
numbers, text that looks like a formula kept as text."""

import csv
import io

from openpyxl import load_workbook

from hearth.reports.builder import files, table
from hearth.reports.builder.spec import Spec


def numbers_for(user):
    spec = Spec.check(indicator="records.cases", period="2026Q1", rows="sex", columns="risk")
    return table.build(spec, user)


EXPECTED = [
    ["Sex", "High", "Low", "Medium", "Total"],
    ["Female", 2, 1, 0, 3],
    ["Male", 0, 0, 2, 2],
    ["Total", 2, 1, 2, 5],
]


def test_csv(world, worker):
    text = files.as_csv(numbers_for(worker)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [[str(v) for v in row] for row in EXPECTED]


def test_xlsx(world, worker):
    book = load_workbook(io.BytesIO(files.as_xlsx(numbers_for(worker), worker, "=Cases")))
    report, about = book.worksheets
    assert [list(row) for row in report.iter_rows(values_only=True)] == EXPECTED
    facts = dict(about.iter_rows(values_only=True))
    assert facts["Report"] == "'=Cases"  # a title typed by someone is never a formula
    assert facts["Period"] == "2026Q1"
    assert "worker" in facts["Scope"]


def test_the_worker_elsewhere_file_holds_only_their_numbers(world, worker_elsewhere):
    text = files.as_csv(numbers_for(worker_elsewhere)).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Sex", "Low", "Total"],
        ["Male", "1", "1"],
        ["Total", "1", "1"],
    ]
