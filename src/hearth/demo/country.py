"""Ruvala, a fictional country: 4 regions, 12 districts, 36 sub-counties."""

from hearth.places.models import Location, LocationLevel
from hearth.places.services import level_save, location_create

LEVELS = ["Region", "District", "Sub-county"]

REGIONS = {
    "Northern": ["Kaliro", "Mbeni", "Tosha"],
    "Lakeside": ["Amani", "Sereko", "Bwindi"],
    "Eastern": ["Nakuru", "Odeyo", "Ruhinda"],
    "Highlands": ["Kisoro", "Mwanza", "Talo"],
}
SUB_COUNTIES = ["Central", "East", "West"]


def build(actor) -> list[Location]:
    """Create the hierarchy; returns the sub-counties, where people live."""
    for depth, name in enumerate(LEVELS, start=1):
        if not LocationLevel.objects.filter(depth=depth).exists():
            level_save(actor=actor, depth=depth, name=name)
    leaves = []
    for r, (region, districts) in enumerate(REGIONS.items(), start=1):
        top = location_create(actor=actor, code=f"R{r}", name=region)
        for d, district in enumerate(districts, start=1):
            mid = location_create(actor=actor, code=f"R{r}D{d}", name=district, parent=top)
            for s, sub in enumerate(SUB_COUNTIES, start=1):
                leaves.append(
                    location_create(
                        actor=actor, code=f"R{r}D{d}S{s}", name=f"{district} {sub}", parent=mid
                    )
                )
    return leaves
