"""Human-readable numbers people quote on the phone and in court papers."""

from django.db import transaction

from hearth.core import clock
from hearth.core.models import Counter


def next_value(name: str) -> int:
    """The next value of a named counter, under a row lock held until commit."""
    with transaction.atomic():
        Counter.objects.get_or_create(name=name)
        counter = Counter.objects.select_for_update().get(name=name)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value


def yearly_number(prefix: str, *, year: int | None = None, width: int = 6) -> str:
    """`CP-2026-000123`: a counter per prefix and year."""
    year = year or clock.today().year
    return f"{prefix}-{year}-{next_value(f'{prefix}-{year}'):0{width}d}"
