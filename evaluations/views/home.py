"""The home page: the city dashboard for DPMPPPAKB and Bappeda, a unit's own work
for its focal points and head."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from evaluations.models import EvaluationCycle
from evaluations.selectors import dossiers as selectors
from evaluations.views.dashboard import city_dashboard_context
from focal_points.models import Unit
from focal_points.selectors.registry import upcoming_events_for
from pug_portal.permissions import user_has_perm


@login_required
def home(request):
    user = request.user
    if user_has_perm(user, "dashboard:city"):
        return render(
            request, "evaluations/dashboard/city.html", city_dashboard_context(request)
        )
    cycle = EvaluationCycle.objects.current()
    context = {
        "my_units": Unit.objects.visible_to(user)
        .with_focal_point_status()
        .order_by("name"),
        "cycle": cycle,
        "dossier_summary": [
            row
            for row in selectors.status_summary(user=user, cycle=cycle)
            if row["count"]
        ],
        "tasks": selectors.home_tasks(
            user=user, cycle=cycle, today=timezone.localdate()
        ),
        "can_start": user_has_perm(user, "dossiers:edit"),
        "events": upcoming_events_for(user),
    }
    return render(request, "evaluations/home.html", context)
