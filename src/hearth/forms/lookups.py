"""The choices a question offers, from its own list or from a lookup list, loaded
in one query per schema however many questions use lookups."""

from __future__ import annotations

from dataclasses import dataclass

from hearth.forms import schema as form_schema
from hearth.forms.text import in_language


@dataclass(frozen=True)
class Choice:
    value: str
    text: object  # a label, translations dict, or the LookupValue itself
    offered: bool = True

    def label(self, language: str) -> str:
        if hasattr(self.text, "label_in"):
            return self.text.label_in(language)
        return in_language(self.text, language) or self.value


class Choices:
    """Choices per question of one schema. Lookup values no longer offered stay
    known, so answers given while they were offered still read and validate."""

    def __init__(self, schema: dict):
        self._lookups: dict[str, list[Choice]] = {}
        codes = form_schema.lookup_codes(schema)
        if codes:
            from hearth.forms.models import LookupValue

            values = LookupValue.objects.filter(
                lookup__code__in=codes, is_voided=False
            ).select_related("lookup")
            for value in values.order_by("sort_order", "label"):
                self._lookups.setdefault(value.lookup.code, []).append(
                    Choice(value.code, value, value.is_active)
                )

    def of(self, field: dict) -> list[Choice]:
        if "lookup" in field:
            return self._lookups.get(field["lookup"], [])
        return [
            Choice(choice["value"], choice.get("label", choice["value"]))
            for choice in field.get("choices", [])
            if isinstance(choice, dict) and isinstance(choice.get("value"), str)
        ]

    def values(self, field: dict) -> list[str]:
        return [choice.value for choice in self.of(field)]

    def label(self, field: dict, value, language: str) -> str:
        for choice in self.of(field):
            if choice.value == value:
                return choice.label(language)
        return str(value)
