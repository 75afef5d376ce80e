"""Registry pages: units, decrees (SK) and focal-point appointments.

Every object is fetched through a scoped queryset (outside scope → 404) and every
change goes through focal_points.services."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from focal_points.filters import AlertFilter, DecreeFilter, DirectoryFilter, UnitFilter
from focal_points.forms.registry import (
    AppointmentEndForm,
    AppointmentForm,
    AppointmentTransferForm,
    AwardDeleteForm,
    AwardForm,
    DecreeForm,
    PokjaMemberForm,
    UnitDeactivateForm,
    UnitForm,
    UnitRenameForm,
)
from focal_points.models import (
    AwardResult,
    Decree,
    FocalPointAppointment,
    PokjaMembership,
    Unit,
    today,
)
from focal_points.selectors import registry as selectors
from focal_points.services import awards as award_services
from focal_points.services import registry as services
from focal_points.views.pokja import member_presets, suggested_initial
from pug_portal.models import ActivityLog, User
from pug_portal.permissions import permission_required, scoped, scoped_object
from pug_portal.uploads import serve_file
from pug_portal.views import (
    ServiceFormView,
    ServiceUpdateView,
    list_page,
    query_int,
    same_site_path,
)

# --- units -------------------------------------------------------------------------


@permission_required("units:view")
def unit_list(request):
    units = UnitFilter(
        request.GET, selectors.unit_list(user=request.user), request=request
    )
    return list_page(request, "focal_points/unit_list.html", units)


@scoped(
    Unit,
    "units:view",
    query=lambda units: units.select_related("parent", "predecessor", "head_user"),
)
def unit_detail(request, unit: Unit):
    team = list(selectors.unit_team(unit=unit))
    on = today()
    context = {
        "unit": unit,
        "current": [a for a in team if a.is_current(on)],
        "history": [a for a in team if not a.is_current(on)],
        "decrees": unit.decrees.order_by("-date")[:10],
        "successors": unit.successors.all(),
        "children": unit.children.order_by("name"),
        "log": ActivityLog.objects.for_object(unit).select_related("actor")[:20],
    }
    return render(request, "focal_points/unit_detail.html", context)


class UnitCreateView(ServiceFormView):
    permission = "units:manage"
    form_class = UnitForm
    title = _("Perangkat daerah baru")
    success_message = _("Perangkat daerah ditambahkan.")

    def perform(self, form):
        return services.unit_create(by=self.request.user, data=form.cleaned_data)


class UnitObjectMixin:
    """The unit, fetched through the user's scope before the permission check runs,
    so an outsider gets 404 rather than 403."""

    subject_attr = "unit"

    def load_object(self):
        self.unit = scoped_object(Unit, self.request.user, self.kwargs["pk"])


class UnitUpdateView(UnitObjectMixin, ServiceUpdateView):
    permission = "units:manage"
    form_class = UnitForm
    title = _("Ubah data perangkat daerah")

    edited_attr = "unit"

    def perform(self, form):
        return services.unit_update(
            unit=self.unit, by=self.request.user, data=form.cleaned_data
        )


class UnitRenameView(UnitObjectMixin, ServiceFormView):
    permission = "units:manage"
    form_class = UnitRenameForm
    title = _("Ganti nama (nomenklatur baru)")
    success_message = _("Nama baru berlaku; nama lama tersimpan sebagai riwayat.")

    def get_initial(self):
        # The current names to edit, not an empty form to retype them into.
        unit = self.unit
        return {
            "name": unit.name,
            "short_name": unit.short_name,
            "code": unit.code,
            "on": today(),
        }

    def perform(self, form):
        return services.unit_rename(
            unit=self.unit, by=self.request.user, **form.cleaned_data
        )


class UnitDeactivateView(UnitObjectMixin, ServiceFormView):
    permission = "units:manage"
    form_class = UnitDeactivateForm
    title = _("Nonaktifkan perangkat daerah")
    success_message = _("Perangkat daerah dinonaktifkan.")

    def get_initial(self):
        return {"on": today()}

    def perform(self, form):
        return services.unit_deactivate(
            unit=self.unit, by=self.request.user, **form.cleaned_data
        )


# --- decrees -----------------------------------------------------------------------


@permission_required("decrees:view")
def decree_list(request):
    decrees = DecreeFilter(
        request.GET, selectors.decree_list(user=request.user), request=request
    )
    return list_page(request, "focal_points/decree_list.html", decrees, today=today())


@scoped(Decree, "decrees:view", query=lambda decrees: decrees.select_related("unit"))
def decree_detail(request, decree: Decree):
    appointments = (
        decree.appointments.visible_to(request.user)
        .select_related("person", "unit")
        .order_by("unit__name", "team_role", "person__name")
    )
    pokja_members = (
        decree.pokja_memberships.select_related("person", "unit").order_by(
            "pokja_role", "unit__name", "person__name"
        )
        if decree.is_pokja
        else None
    )
    context = {
        "decree": decree,
        "appointments": appointments,
        "pokja_members": pokja_members,
        "today": today(),
        "log": ActivityLog.objects.for_object(decree).select_related("actor")[:20],
    }
    return render(request, "focal_points/decree_detail.html", context)


# A GET is refused (405) to everyone signed in, before the decree is looked up.
@login_required
@require_POST
@scoped(Decree, "decrees:manage")
def pokja_fill(request, decree: Decree):
    """Appoint the usual Pokja PUG members (heads of the planning agency, of the
    women-empowerment agency and of the Perangkat Daerah) under an SK Pokja PUG."""
    try:
        created = services.pokja_fill_from_unit_heads(by=request.user, decree=decree)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d anggota Pokja PUG ditetapkan.",
                "%(count)d anggota Pokja PUG ditetapkan.",
                len(created),
            )
            % {"count": len(created)}
            if created
            else gettext("Tidak ada kepala perangkat daerah yang belum tercatat."),
        )
    return redirect(decree)


@scoped(Decree, "decrees:view")
def decree_file(request, decree: Decree):
    return serve_file(decree.file, download_name=f"SK-{decree.pk}.pdf")


class PokjaMemberCreateView(ServiceFormView):
    """Appoint one Pokja PUG member by hand (a pengarah, or a head the registry
    does not hold) under an SK Pokja PUG."""

    permission = "decrees:manage"
    form_class = PokjaMemberForm
    title = _("Tetapkan anggota Pokja PUG")
    success_message = _("Anggota Pokja PUG ditetapkan.")

    def load_object(self):
        self.decree = scoped_object(Decree, self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.refuse_other_decrees() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse_other_decrees() or super().post(request, *args, **kwargs)

    def refuse_other_decrees(self):
        """A focal-point SK has no Pokja members: rather than a bare 404 for an old
        bookmark or a typed address, the SK's page with the reason (checked after
        the access checks, so an outsider still gets 404 and a wrong role 403)."""
        if self.decree.is_pokja:
            return None
        messages.error(
            self.request,
            _("Anggota Pokja PUG hanya dapat ditambahkan pada SK Pokja PUG."),
        )
        return redirect(self.decree)

    def get_form_kwargs(self):
        # ketua, sekretaris and anggota are suggested from the unit heads
        return {**super().get_form_kwargs(), "presets": member_presets()}

    def get_initial(self):
        return {"start_date": self.decree.valid_from, **suggested_initial(self.request)}

    def perform(self, form):
        data = form.cleaned_data
        return services.pokja_member_create(
            by=self.request.user,
            decree=self.decree,
            person_data=form.person_data(),
            pokja_role=data["pokja_role"],
            position=data["position"],
            unit=data["unit"],
            start_date=data["start_date"],
            end_date=data["end_date"],
        )


class DecreeCreateView(ServiceFormView):
    permission = "decrees:manage"
    form_class = DecreeForm
    title = _("Catat SK baru")
    success_message = _("SK tersimpan.")

    def get_form_kwargs(self):
        unit = None
        if unit_id := query_int(self.request, "unit"):
            unit = Unit.objects.filter(pk=unit_id).first()
        return {**super().get_form_kwargs(), "unit": unit}

    def perform(self, form):
        return services.decree_create(by=self.request.user, data=form.cleaned_data)


class DecreeUpdateView(ServiceUpdateView):
    permission = "decrees:manage"
    form_class = DecreeForm
    title = _("Ubah SK")

    def load_object(self):
        self.decree = scoped_object(Decree, self.request.user, self.kwargs["pk"])

    edited_attr = "decree"

    def perform(self, form):
        return services.decree_update(
            decree=self.decree, by=self.request.user, data=form.cleaned_data
        )


# --- appointments ------------------------------------------------------------------


class AppointmentCreateView(UnitObjectMixin, ServiceFormView):
    permission = "focal_points:manage"
    form_class = AppointmentForm
    title = _("Tetapkan focal point")
    success_message = _("Focal point ditetapkan.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def get_initial(self):
        return {"start_date": today()}

    def perform(self, form):
        data = form.cleaned_data
        # Accounts created from here on are this appointment's invitation.
        self.last_account = User.objects.order_by("-pk").values_list("pk", flat=True)
        self.last_account = self.last_account.first() or 0
        return services.appointment_create(
            by=self.request.user,
            unit=self.unit,
            decree=data["decree"],
            person_data=form.person_data(),
            team_role=data["team_role"],
            position=data["position"],
            rank=data["rank"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            user=data["user"],
            invite=data["invite"],
        )

    def get_success_message(self) -> str:
        """Says whether an invitation went out, and if not, why."""
        person = self.object.person
        account = person.user
        if account is None:
            return _(
                "Focal point ditetapkan. Belum ada akun untuk %(name)s, jadi tidak "
                "ada undangan yang dikirim."
            ) % {"name": person.name}
        if account.pk > self.last_account:
            return _(
                "Focal point ditetapkan. Undangan untuk membuat kata sandi dikirim ke "
                "%(email)s."
            ) % {"email": account.email}
        return _(
            "Focal point ditetapkan dan terhubung dengan akun %(username)s; tidak ada "
            "undangan baru yang dikirim."
        ) % {"username": account.username}

    def get_success_url(self) -> str:
        # Back to the list the form was opened from (the units without a focal
        # point), else the unit.
        return same_site_path(self.request.GET.get("next")) or (
            self.unit.get_absolute_url()
        )


class AppointmentObjectMixin:
    subject_attr = "appointment"

    def load_object(self):
        self.appointment = scoped_object(
            FocalPointAppointment,
            self.request.user,
            self.kwargs["pk"],
            query=lambda objects: objects.select_related("person", "unit", "decree"),
        )


class AppointmentEndView(AppointmentObjectMixin, ServiceFormView):
    permission = "focal_points:manage"
    form_class = AppointmentEndForm
    title = _("Akhiri penugasan")
    success_message = _(
        "Penugasan diakhiri; akses ke perangkat daerah ini ikut berakhir."
    )

    def get_initial(self):
        return {"on": today()}

    def perform(self, form):
        return services.appointment_end(
            appointment=self.appointment, by=self.request.user, **form.cleaned_data
        )


class AppointmentTransferView(AppointmentObjectMixin, ServiceFormView):
    permission = "focal_points:manage"
    form_class = AppointmentTransferForm
    title = _("Mutasi ke perangkat daerah lain")
    success_message = _("Mutasi tercatat; riwayat penugasan lama tetap tersimpan.")

    def get_initial(self):
        return {"on": today(), "team_role": self.appointment.team_role}

    def perform(self, form):
        return services.appointment_transfer(
            appointment=self.appointment, by=self.request.user, **form.cleaned_data
        )


@scoped(
    FocalPointAppointment,
    "focal_points:view",
    query=lambda objects: objects.select_related(
        "person", "unit", "decree", "previous__unit"
    ),
)
def appointment_detail(request, appointment: FocalPointAppointment):
    others = (
        FocalPointAppointment.objects.visible_to(request.user)
        .filter(person=appointment.person)
        .exclude(pk=appointment.pk)
        .select_related("unit", "decree")
        .order_by("-start_date")
    )
    # The same person in the Pokja PUG, where the reader may see the SK Pokja
    # (the city's: not a unit user's).
    pokja = (
        PokjaMembership.objects.filter(
            person=appointment.person,
            decree__in=Decree.objects.visible_to(request.user),
        )
        .select_related("decree")
        .order_by("-start_date")
    )
    context = {
        "appointment": appointment,
        "others": others,
        "pokja": pokja,
        "log": ActivityLog.objects.for_object(appointment).select_related("actor")[:20],
    }
    return render(request, "focal_points/appointment_detail.html", context)


@permission_required("focal_points:view")
def directory(request):
    appointments = DirectoryFilter(
        request.GET, selectors.directory(user=request.user), request=request
    )
    return list_page(
        request,
        "focal_points/directory.html",
        appointments,
        counts=selectors.sex_counts(appointments.qs),
        today=today(),
    )


@permission_required("focal_points:alerts")
def alerts(request):
    units = AlertFilter(
        request.GET,
        selectors.units_without_focal_point(user=request.user),
        request=request,
    )
    return list_page(request, "focal_points/alerts.html", units, today=today())


# --- APE/PPE results ---------------------------------------------------------------


@permission_required("awards:view")
def award_list(request):
    awards = AwardResult.objects.order_by("-year", "framework")
    return render(request, "focal_points/award_list.html", {"awards": awards})


@permission_required("awards:view")
def award_file(request, pk: int):
    award = get_object_or_404(AwardResult, pk=pk)
    extension = Path(award.evidence.name).suffix
    return serve_file(award.evidence, download_name=f"APE-PPE-{award.year}{extension}")


class AwardCreateView(ServiceFormView):
    permission = "awards:manage"
    form_class = AwardForm
    title = _("Catat hasil APE/PPE")
    success_message = _("Hasil APE/PPE tersimpan.")

    def perform(self, form):
        return award_services.award_create(by=self.request.user, data=form.cleaned_data)


class AwardUpdateView(ServiceUpdateView):
    permission = "awards:manage"
    form_class = AwardForm
    title = _("Ubah hasil APE/PPE")
    edited_attr = "award"

    def load_object(self):
        self.award = get_object_or_404(AwardResult, pk=self.kwargs["pk"])

    def perform(self, form):
        return award_services.award_update(
            award=self.award, by=self.request.user, data=form.cleaned_data
        )


class AwardDeleteView(ServiceFormView):
    """Confirm, then remove a result recorded in error (staff only, logged)."""

    permission = "awards:manage"
    form_class = AwardDeleteForm
    title = _("Hapus hasil APE/PPE")
    success_message = _("Hasil APE/PPE dihapus.")
    subject_attr = "award"

    def load_object(self):
        self.award = get_object_or_404(AwardResult, pk=self.kwargs["pk"])

    def perform(self, form):
        award_services.award_delete(award=self.award, by=self.request.user)
        return self.award

    def get_success_url(self):
        return reverse("focal_points:award_list")
