"""Capacity-building event pages: list, upcoming, detail, edit, invitations,
attendance (add, checklist, import) and the PDFs.

Every event is fetched through `CapacityEvent.objects.visible_to(user)` (outside scope
→ 404) before the permission check (→ 403), by `@scoped` or `scoped_object`; every
change goes through focal_points.services.events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from focal_points.exporters.events import DaftarHadirDocument, EventReportDocument
from focal_points.filters import EventFilter
from focal_points.forms.events import (
    AttendanceAddForm,
    AttendanceMarkFormSet,
    EventForm,
    InviteForm,
    SpeakerForm,
)
from focal_points.importers import AttendanceImporter
from focal_points.models import Attendance, CapacityEvent, EventSpeaker
from focal_points.selectors import events as selectors_events
from focal_points.services import events as services_events
from pug_portal.imports.views import upload_page
from pug_portal.models import ActivityLog
from pug_portal.permissions import permission_required, scoped, scoped_object
from pug_portal.reports.views import download_response
from pug_portal.uploads import serve_file
from pug_portal.views import ServiceFormView, ServiceUpdateView, list_page


def _with_organiser(events):
    return events.select_related("organiser")


@permission_required("events:view")
def event_list(request):
    events = EventFilter(
        request.GET, selectors_events.event_list(user=request.user), request=request
    )
    return list_page(request, "focal_points/events/list.html", events)


@permission_required("events:view")
def event_upcoming(request):
    months = selectors_events.upcoming_by_month(user=request.user)
    return render(request, "focal_points/events/upcoming.html", {"months": months})


@scoped(CapacityEvent, "events:view", query=_with_organiser)
def event_detail(request, event: CapacityEvent):
    attendances = list(
        selectors_events.event_attendance(event=event, user=request.user)
    )
    context = {
        "event": event,
        "speakers": event.speakers.all(),
        "invitations": selectors_events.event_invitations(
            event=event, user=request.user
        ),
        "attendances": attendances,
        "attended_count": sum(a.attended for a in attendances),
        "log": ActivityLog.objects.for_object(event).select_related("actor")[:20],
    }
    return render(request, "focal_points/events/detail.html", context)


class EventCreateView(ServiceFormView):
    permission = "events:manage"
    form_class = EventForm
    title = gettext_lazy("Kegiatan peningkatan kapasitas baru")
    success_message = gettext_lazy(
        "Kegiatan tersimpan. Tambahkan narasumber dan undang perangkat daerah."
    )

    def perform(self, form):
        return services_events.event_create(
            by=self.request.user, data=form.cleaned_data
        )


class EventObjectMixin:
    """The event, fetched through the user's scope before the permission check runs,
    so an outsider gets 404 rather than 403."""

    subject_attr = "event"

    def load_object(self):
        self.event = scoped_object(
            CapacityEvent, self.request.user, self.kwargs["pk"], query=_with_organiser
        )

    def get_success_url(self) -> str:
        return self.event.get_absolute_url()


class EventUpdateView(EventObjectMixin, ServiceUpdateView):
    permission = "events:manage"
    form_class = EventForm
    title = gettext_lazy("Ubah kegiatan")

    edited_attr = "event"

    def perform(self, form):
        return services_events.event_update(
            event=self.event, by=self.request.user, data=form.cleaned_data
        )


class SpeakerAddView(EventObjectMixin, ServiceFormView):
    permission = "events:manage"
    form_class = SpeakerForm
    title = gettext_lazy("Tambah narasumber")
    success_message = gettext_lazy("Narasumber ditambahkan.")

    def perform(self, form):
        return services_events.event_speaker_add(
            event=self.event, by=self.request.user, **form.cleaned_data
        )


# A GET is refused (405) to everyone signed in, before the event is looked up.
@login_required
@require_POST
@scoped(CapacityEvent, "events:manage")
def speaker_remove(request, event: CapacityEvent, speaker_pk: int):
    speaker = get_object_or_404(EventSpeaker, event=event, pk=speaker_pk)
    services_events.event_speaker_remove(speaker=speaker, by=request.user)
    messages.success(request, _("Narasumber dihapus."))
    return redirect(event)


class InviteView(EventObjectMixin, ServiceFormView):
    permission = "events:manage"
    form_class = InviteForm
    title = gettext_lazy("Undang perangkat daerah")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def perform(self, form):
        invited = services_events.event_invite_units(
            event=self.event, by=self.request.user, units=form.cleaned_data["units"]
        )
        self.success_message = _(
            "%(n)s perangkat daerah diundang; focal point mereka menerima e-mail."
        ) % {"n": len(invited)}
        return self.event


class AttendanceAddView(EventObjectMixin, ServiceFormView):
    permission = "events:manage"
    form_class = AttendanceAddForm
    title = gettext_lazy("Tambah peserta")

    def perform(self, form):
        data = dict(form.cleaned_data)
        appointment = data.pop("person")
        if appointment is not None:
            attendance = services_events.attendance_add(
                event=self.event,
                by=self.request.user,
                person=appointment.person,
                data={
                    "unit": appointment.unit,
                    "position": appointment.position,
                    "attended": data["attended"],
                },
            )
        else:
            attendance = services_events.attendance_add(
                event=self.event, by=self.request.user, data=data
            )
        invited = self.event.invitations.filter(unit_id=attendance.unit_id).exists()
        if attendance.unit_id and not invited:
            self.success_message = _(
                "%(name)s ditambahkan. Catatan: %(unit)s tidak diundang ke kegiatan "
                "ini; peserta ini ditandai di daftar."
            ) % {"name": attendance.name, "unit": attendance.unit.short_name}
        else:
            self.success_message = _("%(name)s ditambahkan.") % {
                "name": attendance.name
            }
        return self.event


@login_required
@require_POST
@scoped(CapacityEvent, "events:manage")
def attendance_remove(request, event: CapacityEvent, attendance_pk: int):
    attendance = get_object_or_404(Attendance, event=event, pk=attendance_pk)
    services_events.attendance_remove(attendance=attendance, by=request.user)
    messages.success(
        request, _("%(name)s dihapus dari daftar.") % {"name": attendance.name}
    )
    return redirect(event)


@scoped(CapacityEvent, "events:manage", query=_with_organiser)
def attendance_mark(request, event: CapacityEvent):
    """The checklist: tick who attended, enter scores and certificate numbers."""
    attendances = list(
        event.attendances.with_invitation_flag()
        .select_related("unit")
        .order_by("unit__name", "name")
    )
    initial = [
        {
            "id": a.pk,
            "attended": a.attended,
            "pre_test": a.pre_test,
            "post_test": a.post_test,
            "certificate_number": a.certificate_number,
        }
        for a in attendances
    ]
    formset = AttendanceMarkFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        rows = {
            form.cleaned_data["id"]: {
                k: v for k, v in form.cleaned_data.items() if k != "id"
            }
            for form in formset
            if form.cleaned_data
        }
        try:
            changed = services_events.attendance_mark_bulk(
                event=event, by=request.user, rows=rows
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Daftar hadir disimpan (%(n)s baris berubah).") % {"n": changed},
            )
            return redirect(event)
    by_id = {a.pk: a for a in attendances}
    rows = [(form, by_id.get(form.initial.get("id"))) for form in formset]
    return render(
        request,
        "focal_points/events/attendance_mark.html",
        {"event": event, "formset": formset, "rows": rows},
    )


@scoped(CapacityEvent, "events:manage")
def attendance_import(request, event: CapacityEvent):
    """Upload a participant list (XLSX/CSV) for this event; its preview, commit and
    result are the import pages (/imports/batches/…), which lead back here."""
    return upload_page(request, AttendanceImporter, context={"event": event.pk})


@scoped(CapacityEvent, "events:report", query=_with_organiser)
def daftar_hadir_pdf(request, event: CapacityEvent):
    return download_response(DaftarHadirDocument(user=request.user, event=event))


@scoped(CapacityEvent, "events:report", query=_with_organiser)
def event_report_pdf(request, event: CapacityEvent):
    return download_response(EventReportDocument(user=request.user, event=event))


@scoped(CapacityEvent, "events:view")
def event_materials(request, event: CapacityEvent):
    return serve_file(event.materials)


@scoped(CapacityEvent, "events:view")
def event_report_file(request, event: CapacityEvent):
    return serve_file(
        event.report_file, download_name=f"laporan-kegiatan-{event.pk}.pdf"
    )
