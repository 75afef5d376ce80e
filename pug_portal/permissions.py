"""Who may do what: permission names mapped to roles, in one place.

Permission names are "<area>:<action>". Scope (which units a user sees) is not decided
here but by the models' `visible_to(user)` querysets: outside scope a user gets 404;
inside scope without the permission, 403.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from pug_portal.models import Role

ALL_ROLES = frozenset(Role.values)
STAFF = frozenset({Role.ADMIN, Role.REVIEWER})
CITY_READERS = frozenset({Role.ADMIN, Role.REVIEWER, Role.PLANNER})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # registry of units, decrees and focal points
    "units:view": ALL_ROLES,
    "units:manage": STAFF,
    "decrees:view": ALL_ROLES,
    "decrees:manage": STAFF,
    "focal_points:view": ALL_ROLES,
    "focal_points:manage": STAFF,
    "focal_points:alerts": CITY_READERS,
    # capacity-building events (scope: CapacityEvent.objects.visible_to)
    "events:view": ALL_ROLES,
    "events:manage": STAFF,
    "events:report": CITY_READERS,
    # accounts and the activity log
    "accounts:manage": frozenset({Role.ADMIN}),
    "admin:site": frozenset({Role.ADMIN}),
    "activity:view": ALL_ROLES,
    # imports (/imports/, pug_portal/imports/): the page, then one permission per
    # importer; a focal point imports budget lines of their own units only (scope)
    "imports:use": frozenset({Role.ADMIN, Role.REVIEWER, Role.FOCAL_POINT}),
    "imports:units": STAFF,
    "imports:focal_points": STAFF,
    "imports:budget": frozenset({Role.ADMIN, Role.REVIEWER, Role.FOCAL_POINT}),
    # reports page (/reports/); each report also requires its own permission, usually
    # the one that lets the user see the same data on screen
    "reports:download": ALL_ROLES,
    # PPRG evaluations: cycles, budget lines, dossiers and their review (evaluations app)
    "cycles:view": ALL_ROLES,
    "cycles:manage": STAFF,
    "budget:view": ALL_ROLES,
    "budget:edit": frozenset({Role.ADMIN, Role.FOCAL_POINT}),
    "dossiers:view": ALL_ROLES,
    "dossiers:edit": frozenset({Role.ADMIN, Role.FOCAL_POINT}),
    "dossiers:review": STAFF,
    # dashboards (evaluations/views/dashboard.py): the city compliance board for city
    # readers; a unit's dashboard for anyone who may see the unit (scope → 404)
    "dashboard:city": CITY_READERS,
    "dashboard:unit": ALL_ROLES,
    # reports of issue 4 (evaluations/exporters/): the city recap is for Bappeda,
    # DPMPPPAKB and the administrators; the unit recap and the dossier list follow
    # "dossiers:view" and are scoped by the exporter. A background report run is seen
    # by whoever asked for it and the administrators (ReportRun.objects.visible_to).
    "reports:city": CITY_READERS,
}


def user_has_perm(user: Any, perm: str, obj: Any = None) -> bool:
    """True when `user`'s role grants `perm`.

    When `obj` is given and defines `permits(user, perm)`, the object may narrow the
    answer further (an approved dossier refuses edits whatever the role)."""
    if perm not in ROLE_PERMISSIONS:
        raise KeyError(f"Unknown permission {perm!r}; add it to ROLE_PERMISSIONS.")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        allowed = True
    else:
        allowed = getattr(user, "role", None) in ROLE_PERMISSIONS[perm]
    if allowed and obj is not None and hasattr(obj, "permits"):
        return bool(obj.permits(user, perm))
    return allowed


def require_perm(user: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403) unless `user_has_perm`."""
    if not user_has_perm(user, perm, obj):
        raise PermissionDenied


def permission_required(perm: str) -> Callable:
    """Decorator for function views: anonymous → login, lacking `perm` → 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_perm(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionRequiredMixin(AccessMixin):
    """Mixin for class views: set `permission = "area:action"`.

    Order of checks: anonymous → login; `load_object()` fetches the view's object
    through a scoped queryset (outside scope → 404); then the permission (→ 403)."""

    permission: str = ""

    def load_object(self) -> None:
        """Override to fetch the object the view acts on, through a scoped queryset."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.load_object()
        require_perm(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)
