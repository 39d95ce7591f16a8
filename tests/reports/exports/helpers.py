"""Helpers for the export, case file and data quality tests."""

import csv
import io
import json
from pathlib import Path

import openpyxl
from django.conf import settings

from hearth.accounts.models import Role
from hearth.cases.models import ConsentRecord
from hearth.cases.services import registration
from hearth.core import clock
from hearth.reports.models import ExportJob

SHARING = {
    "kind": ConsentRecord.Kind.SHARING,
    "given": True,
    "given_by": "parent",
    "given_by_name": "Mercy Okello",
}


def share_consent(actor, case, **fields):
    return registration.consent_record(actor=actor, case=case, **{**SHARING, **fields})


def file_of(job: ExportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / job.file_path


def csv_rows(job: ExportJob) -> list[dict]:
    text = file_of(job).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(path) -> list[list]:
    sheet = openpyxl.load_workbook(path, read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def json_rows(job: ExportJob) -> list[dict]:
    return json.loads(file_of(job).read_text(encoding="utf-8"))


def by_number(rows: list[dict], key: str = "Case number") -> dict:
    return {row[key]: row for row in rows}


def role(code: str, **changes) -> Role:
    """A copy of a standard role with some things changed, e.g. a lower clearance."""
    base = Role.objects.get(code=code)
    return Role.objects.create(
        code=f"{code}_{len(changes)}_{clock.now().timestamp():.0f}",
        name=f"{base.name} (test)",
        scope=changes.get("scope", base.scope),
        clearance=changes.get("clearance", base.clearance),
        permissions=changes.get("permissions", base.permissions),
    )
