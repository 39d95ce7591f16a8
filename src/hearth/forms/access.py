"""Forms and lookups are configuration, not records about anyone: they have no
owner, team or area. Whoever holds the permission an action needs reaches all of
them, and `policy.visible` is still where every read starts."""

from django.db.models import Q

from hearth.access import policy
from hearth.forms.models import FormDefinition, FormVersion, Lookup, LookupValue


def _unscoped(user, permission):
    # A Q that matches every row (an empty Q() would read as "no grant").
    return Q(pk__isnull=False)


for model in (FormDefinition, FormVersion, Lookup, LookupValue):
    policy.register(model, policy.ScopePaths(direct=(_unscoped,)))
