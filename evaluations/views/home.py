"""Pages that show registry and evaluation data together, starting with the home page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from evaluations import selectors
from evaluations.models import Dossier, EvaluationCycle
from evaluations.workflow import Status
from focal_points.models import FocalPointAppointment, Unit
from focal_points.selectors import units_without_focal_point
from pug_portal.permissions import permission_required, user_has_perm


@login_required
def home(request):
    """The landing page: a focal point's own units, or the city's registry alerts,
    and the dossiers of the open cycle by status."""
    user = request.user
    cycle = EvaluationCycle.objects.current()
    context = {
        "my_units": Unit.objects.visible_to(user)
        .with_focal_point_status()
        .order_by("name")
        if not user_has_perm(user, "focal_points:alerts")
        else None,
        "my_appointments": FocalPointAppointment.objects.current()
        .filter(person__user=user)
        .select_related("unit", "decree"),
        "cycle": cycle,
        "dossier_summary": selectors.status_summary(user=user, cycle=cycle),
    }
    if user_has_perm(user, "focal_points:alerts"):
        context["alert_count"] = units_without_focal_point(user=user).count()
        context["unit_count"] = Unit.objects.active().count()
    return render(request, "evaluations/home.html", context)


@permission_required("dossiers:view")
def unit_overview(request, pk: int):
    """A unit's PPRG overview: its dossiers of the open cycle by status, its budget and
    ARG share. Lives here, not in focal_points, because it joins both apps."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    cycle = EvaluationCycle.objects.current()
    dossiers = (
        selectors.with_reviewer_total(
            Dossier.objects.filter(unit=unit, cycle=cycle).for_list()
        ).order_by("status", "budget_line__sub_kegiatan_code")
        if cycle
        else Dossier.objects.none()
    )
    counts = dossiers.status_counts() if cycle else {}
    context = {
        "unit": unit,
        "cycle": cycle,
        "dossiers": dossiers,
        "summary": [
            {"status": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Status.choices
        ],
        "budget": selectors.unit_budget_summary(unit_id=unit.pk, year=cycle.year)
        if cycle
        else None,
    }
    return render(request, "evaluations/unit_overview.html", context)
