"""Who may do what: permission names mapped to roles, in one place.

Permission names are "<area>:<action>". Scope (which units a user sees) is decided by
the models' `visible_to(user)` querysets, which all start from the two predicates
here (`sees_all_units`, `sees_all_files`): outside scope a user gets 404; inside scope
without the permission, 403. Services check both themselves (`require_perm`,
`require_in_scope`), so a view, an importer and a command meet the same rules.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from pug_portal.models import Role

ALL_ROLES = frozenset(Role.values)
STAFF = frozenset({Role.ADMIN, Role.REVIEWER})
CITY_READERS = frozenset({Role.ADMIN, Role.REVIEWER, Role.PLANNER, Role.AUDITOR})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # registry of units, decrees and focal points
    "units:view": ALL_ROLES,
    "units:manage": STAFF,
    "decrees:view": ALL_ROLES,
    "decrees:manage": STAFF,
    "focal_points:view": ALL_ROLES,
    "focal_points:manage": STAFF,
    "focal_points:alerts": CITY_READERS,
    # the city's APE/PPE results: public history, recorded by DPMPPPAKB
    "awards:view": ALL_ROLES,
    "awards:manage": STAFF,
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
    "imports:total_belanja": STAFF,
    # reports page (/reports/); each report also requires its own permission, usually
    # the one that lets the user see the same data on screen
    "reports:download": ALL_ROLES,
    # PPRG evaluations: cycles, budget lines, dossiers and their review (evaluations app)
    "cycles:view": ALL_ROLES,
    "cycles:manage": STAFF,
    "budget:view": ALL_ROLES,
    "budget:edit": frozenset({Role.ADMIN, Role.FOCAL_POINT}),
    # a unit's total belanja (the denominator of Persentase ARG) comes from the
    # APBD/DPA: DPMPPPAKB records it, the unit reads it on its dashboard
    "budget:total": STAFF,
    # quarterly realisation of an approved dossier, by its unit's focal point
    "realisation:record": frozenset({Role.ADMIN, Role.FOCAL_POINT}),
    "dossiers:view": ALL_ROLES,
    "dossiers:edit": frozenset({Role.ADMIN, Role.FOCAL_POINT}),
    "dossiers:review": STAFF,
    # marking a reviewer's comment as addressed: the focal point while editing, or a
    # reviewer (the service then asks the dossier's own rules)
    "comments:resolve": frozenset({Role.ADMIN, Role.REVIEWER, Role.FOCAL_POINT}),
    # dashboards (evaluations/views/dashboard.py): the city compliance board for city
    # readers; a unit's dashboard for anyone who may see the unit (scope → 404)
    "dashboard:city": CITY_READERS,
    "dashboard:unit": ALL_ROLES,
    # reports (evaluations/exporters/): the city recap is for Bappeda,
    # DPMPPPAKB and the administrators; the unit recap and the dossier list follow
    # "dossiers:view" and are scoped by the exporter. A background report run is seen
    # by whoever asked for it and the administrators (ReportRun.objects.visible_to).
    "reports:city": CITY_READERS,
    # institutional PUG evaluation (assessments app): instruments are managed by
    # DPMPPPAKB and the administrators; a unit's evidence library and self-assessment
    # by its focal points (scope), verified by DPMPPPAKB; the city's own evaluation
    # is filled by DPMPPPAKB ("assessments:city")
    "instruments:view": ALL_ROLES,
    "instruments:manage": STAFF,
    "imports:instruments": STAFF,
    "evidence:view": ALL_ROLES,
    "evidence:manage": frozenset({Role.ADMIN, Role.REVIEWER, Role.FOCAL_POINT}),
    "assessments:view": ALL_ROLES,
    "assessments:edit": frozenset({Role.ADMIN, Role.FOCAL_POINT}),
    "assessments:city": STAFF,
    "assessments:verify": STAFF,
    # Bappeda (planners) and Inspektorat (auditors) each add their own note per item
    # where the instrument names their agency as co-reviewer (which agency a role
    # speaks for: assessments.services.co_review_agencies); the verdict stays
    # DPMPPPAKB's
    "assessments:co_review": frozenset({Role.ADMIN, Role.PLANNER, Role.AUDITOR}),
    # Rencana Pokja PUG: the city's plans, kept by DPMPPPAKB (the Pokja's
    # secretariat), read by the city readers; achievements recorded by the staff
    "pokja_plans:view": CITY_READERS,
    "pokja_plans:manage": STAFF,
    "pokja_plans:achievement": STAFF,
}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_all_units(user: Any) -> bool:
    """True for the city readers (administrators, reviewers, planners, auditors) and the
    superusers: every unit-scoped `visible_to` gives them everything. Everyone else
    sees only their own units (a focal point: the units of their current
    appointments; a unit head: the unit they head)."""
    return _active(user) and (user.is_superuser or user.role in CITY_READERS)


def sees_all_files(user: Any) -> bool:
    """True for the administrators and the superusers, who may open anyone's import
    batch or report run; everyone else sees only their own (they hold uploaded or
    generated files, which may carry personal data)."""
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def user_has_perm(user: Any, perm: str, obj: Any = None) -> bool:
    """True when `user`'s role grants `perm`.

    When `obj` is given and defines `permits(user, perm)`, the object may narrow the
    answer further (an approved dossier refuses edits whatever the role)."""
    if perm not in ROLE_PERMISSIONS:
        raise KeyError(f"Unknown permission {perm!r}; add it to ROLE_PERMISSIONS.")
    if not _active(user):
        return False
    if user.is_superuser:
        allowed = True
    else:
        allowed = getattr(user, "role", None) in ROLE_PERMISSIONS[perm]
    if allowed and obj is not None and hasattr(obj, "permits"):
        return bool(obj.permits(user, perm))
    return allowed


class MissingPermission(PermissionDenied):
    """403 because the user's role lacks `perm` (not because the object refuses):
    the error page names the roles that have it."""

    def __init__(self, perm: str) -> None:
        super().__init__(perm)
        self.perm = perm

    def roles(self) -> list[str]:
        """The labels of the roles granted `perm`, in the roles' own order."""
        granted = ROLE_PERMISSIONS.get(self.perm, frozenset())
        return [str(role.label) for role in Role if role in granted]


def require_perm(user: Any, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403) unless `user_has_perm`: MissingPermission when
    the role lacks `perm`, a plain PermissionDenied when the object refuses."""
    if not user_has_perm(user, perm):
        raise MissingPermission(perm)
    if obj is not None and not user_has_perm(user, perm, obj):
        raise PermissionDenied


def require_in_scope(user: Any, obj: Any) -> None:
    """Raise PermissionDenied unless `obj` is in `type(obj).objects.visible_to(user)`:
    a service's own check of scope ("scoped existence"), for the unit-scoped models.
    Views reach objects through the same querysets and answer 404 first; this is the
    check every other caller (an importer, a command) meets.

    Costs one EXISTS query, none for users who see all units."""
    if sees_all_units(user):
        return
    if not type(obj).objects.visible_to(user).filter(pk=obj.pk).exists():
        raise PermissionDenied


class SystemUser:
    """Who acts when no person does: a cron job, `export_report`, `import_units`,
    the demo seeder.

    It quacks like an active superuser, so every `visible_to(user)` queryset gives the
    full city scope and `user_has_perm` says yes, without a database row; the activity
    log records its actions with no actor."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = True
    is_staff = False
    role = Role.ADMIN
    pk = None
    id = None
    username = "system"

    def __str__(self) -> str:
        return str(_("sistem"))

    def get_full_name(self) -> str:
        return str(self)


SYSTEM_USER = SystemUser()


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


def scoped_object(
    model: type[Model],
    user: Any,
    pk: Any,
    *,
    query: Callable[[QuerySet], QuerySet] | None = None,
) -> Model:
    """`model`'s object `pk`, fetched through `model.objects.visible_to(user)`
    (narrowed or joined further by `query`): outside the user's scope → 404."""
    objects = model.objects.visible_to(user)
    return get_object_or_404(query(objects) if query else objects, pk=pk)


def scoped(
    model: type[Model],
    perm: str,
    *,
    query: Callable[[QuerySet], QuerySet] | None = None,
    object_rules: bool = False,
    url_kwarg: str = "pk",
) -> Callable:
    """Decorator for function views that act on one object: the access policy in
    one place. Anonymous → login; the object `url_kwarg` names is fetched by
    `scoped_object` (outside scope → 404, so nothing leaks that it exists); lacking
    `perm` → 403 — with `object_rules`, the object's own `permits()` too (a locked
    dossier). The view receives the object in place of its key:

        @scoped(Dossier, "dossiers:edit")
        def dossier_edit(request, dossier): ...

    Put `@require_POST` below it when a GET should be refused only to whoever may
    act, above it (under `login_required`) when it is refused before any lookup."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = scoped_object(model, request.user, kwargs.pop(url_kwarg), query=query)
            require_perm(request.user, perm, obj if object_rules else None)
            return view(request, obj, *args, **kwargs)

        return wrapped

    return decorator
