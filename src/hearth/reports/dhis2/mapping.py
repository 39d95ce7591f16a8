"""Reading and checking the disaggregation of a data element mapping: "total",
or up to two dimension=value pairs such as "sex=female;age_band=10-14"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hearth.reports.indicators import dimensions, engine
from hearth.reports.models.dhis2 import MAX_PAIRS

TOTAL = "total"
# Values checked against a list of known values (labels come with them).
CHECKED = {"sex", "disability", "risk", "status", "care_type", "concern", "agency"}
# Dimensions a DHIS2 category cannot stand for: areas are organisation units and
# periods are the period.
NOT_CATEGORIES = {*dimensions.AREAS, *dimensions.PERIODS}


def indicator_or_error(code: str):
    try:
        return engine.get(code)
    except KeyError:
        raise ValidationError(
            {"indicator_code": _("There is no indicator %(c)s.") % {"c": code}}
        ) from None


def parse(text: str) -> list[tuple[str, str]]:
    """The pairs of a disaggregation as written, sorted by dimension; [] for the
    total. Raises ValidationError on a malformed text."""
    text = (text or "").strip()
    if not text or text.casefold() == TOTAL:
        return []
    pairs = []
    for part in text.split(";"):
        dimension, sep, value = part.partition("=")
        dimension, value = dimension.strip().lower(), value.strip()
        if not sep or not dimension or not value:
            raise ValidationError(
                {
                    "disaggregation": _(
                        "Write the disaggregation as total or dimension=value, with up to "
                        "two pairs separated by ; (e.g. sex=female;age_band=10-14)."
                    )
                }
            )
        pairs.append((dimension, value))
    if len(pairs) > MAX_PAIRS:
        raise ValidationError({"disaggregation": _("A mapping can use at most two dimensions.")})
    if len({d for d, _v in pairs}) != len(pairs):
        raise ValidationError({"disaggregation": _("A dimension appears twice.")})
    return sorted(pairs)


def check(indicator, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The pairs with their values in Hearth's spelling, or ValidationError when the
    indicator cannot be broken down that way or a value is unknown."""
    out = []
    for dimension, value in pairs:
        if dimension in NOT_CATEGORIES or dimension not in indicator.dimensions:
            raise ValidationError(
                {
                    "disaggregation": _("%(i)s cannot be broken down by %(d)s.")
                    % {"i": indicator.code, "d": dimension}
                }
            )
        if dimension == "age_band":
            # People type a hyphen; the age groups are written with an en dash.
            value = value.replace("-", "–")
            known = [text for _low, _high, text in dimensions.age_bands()]
            if value not in known:
                raise ValidationError(
                    {
                        "disaggregation": _("Unknown age group %(v)s; the groups are %(k)s.")
                        % {"v": value, "k": ", ".join(known)}
                    }
                )
        elif dimension in CHECKED and value not in dimensions.value_labels(dimension, [value]):
            raise ValidationError(
                {
                    "disaggregation": _("Unknown value %(v)s for %(d)s.")
                    % {"v": value, "d": dimension}
                }
            )
        out.append((dimension, value))
    return out


def label(indicator, pairs: list[tuple[str, str]]) -> str:
    """The disaggregation in words, for the preview table."""
    if not pairs:
        return _("Total")
    parts = []
    for dimension, value in pairs:
        shown = dimensions.value_labels(dimension, [value]).get(value, value)
        parts.append(f"{dimensions.label(dimension)}: {shown}")
    return ", ".join(parts)
