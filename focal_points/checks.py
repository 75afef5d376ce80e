"""System checks of the registry's settings."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def perangkat_daerah_types_check(app_configs, **kwargs) -> list[Error]:
    """PUG_PERANGKAT_DAERAH_TYPES names unit types that exist: a typo would silently
    drop a whole kind of unit from the city's compliance figures."""
    from focal_points.models import UnitType

    types = settings.PUG_PERANGKAT_DAERAH_TYPES
    unknown = sorted(set(types) - set(UnitType.values))
    if types and not unknown:
        return []
    return [
        Error(
            "PUG_PERANGKAT_DAERAH_TYPES must list unit types among "
            f"{', '.join(UnitType.values)}; unknown: {', '.join(unknown) or '(empty)'}.",
            id="focal_points.E001",
        )
    ]
