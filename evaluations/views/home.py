"""Pages that show registry and evaluation data together, starting with the home page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from evaluations import selectors
from evaluations.models import EvaluationCycle
from focal_points.models import FocalPointAppointment, Unit
from focal_points.selectors import units_without_focal_point
from pug_portal.permissions import user_has_perm


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
