"""Build records through the services, so tests see what real use produces."""

import datetime as dt

from hearth.core import clock
from hearth.registry import services


def person(actor, **fields):
    values = {
        "given_name": "Amina",
        "family_name": "Okello",
        "sex": "female",
        "date_of_birth": clock.today() - dt.timedelta(days=9 * 365),
    }
    values.update(fields)
    return services.person_create(actor=actor, **values)


def household(actor, **fields):
    values = {"name": "Okello family"}
    values.update(fields)
    return services.household_create(actor=actor, **values)
