"""A small form used across the forms tests, and versions of it that need no database."""

import copy

from hearth.forms.models import FormDefinition, FormVersion

HOUSEHOLD_SCHEMA = {
    "format": 1,
    "sections": [
        {
            "key": "needs",
            "title": "Needs",
            "fields": [
                {
                    "key": "immediate",
                    "type": "long_text",
                    "label": "Immediate needs",
                    "required": True,
                    "sensitivity": 2,
                },
                {
                    "key": "longer_term",
                    "type": "text",
                    "label": {"en": "Longer-term needs", "fr": "Besoins à long terme"},
                    "max_length": 20,
                },
            ],
        },
        {
            "key": "household",
            "title": {"en": "Household", "fr": "Ménage"},
            "fields": [
                {
                    "key": "size",
                    "type": "number",
                    "label": "People in the household",
                    "integer": True,
                    "min": 1,
                    "max": 30,
                },
                {"key": "income", "type": "number", "label": "Monthly income", "min": 0},
                {"key": "visited_on", "type": "date", "label": "Visited on"},
                {"key": "next_visit", "type": "date", "label": "Next visit", "allow_future": True},
                {"key": "safe", "type": "yes_no", "label": "Safe at home", "required": True},
                {
                    "key": "risk",
                    "type": "single_choice",
                    "label": "Risk",
                    "choices": [
                        {"value": "low", "label": "Low"},
                        {"value": "high", "label": {"en": "High", "fr": "Élevé"}},
                    ],
                },
                {
                    "key": "support",
                    "type": "multiple_choice",
                    "label": "Support needed",
                    "choices": [
                        {"value": "food", "label": "Food"},
                        {"value": "shelter", "label": "Shelter"},
                        {"value": "school", "label": "School fees"},
                    ],
                },
                {
                    "key": "members",
                    "type": "repeating_group",
                    "label": "Members",
                    "required": True,
                    "max_items": 3,
                    "fields": [
                        {
                            "key": "name",
                            "type": "text",
                            "label": "Name",
                            "required": True,
                            "sensitivity": 1,
                        },
                        {
                            "key": "age",
                            "type": "number",
                            "label": "Age",
                            "integer": True,
                            "required": True,
                            "min": 0,
                        },
                        {"key": "notes", "type": "text", "label": "Notes", "sensitivity": 3},
                    ],
                },
            ],
        },
    ],
}

VALID_ANSWERS = {
    "needs": {"immediate": "Food and a safe place to sleep"},
    "household": {
        "size": 4,
        "safe": True,
        "members": [{"name": "Grace", "age": 34}, {"name": "Tom", "age": 7}],
    },
}


def household_schema() -> dict:
    return copy.deepcopy(HOUSEHOLD_SCHEMA)


def unsaved_version(schema: dict | None = None, number: int = 1) -> FormVersion:
    """A version held in memory only: `answers.clean` needs no database for it."""
    definition = FormDefinition(code="household_visit", name="Household visit")
    return FormVersion(definition=definition, number=number, schema=schema or household_schema())
