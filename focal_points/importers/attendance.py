"""The attendance of one event (started from the event's page; its batch carries
{"event": pk}): read by the add-participant form, written by `attendance_add` and
`attendance_update`."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from focal_points.forms.events import AttendanceImportForm
from focal_points.models import (
    Attendance,
    CapacityEvent,
    Person,
    Sex,
    Unit,
)
from focal_points.services import events as services_events
from pug_portal.activity import log_activity
from pug_portal.imports import (
    ImportColumn,
    Importer,
    PreviewRow,
    RowStatus,
    register,
)

# Columns whose empty cell means something (not here, no score): set whenever the
# column is in the file. Any other empty cell keeps what the list knows.
_SET_WHEN_EMPTY = {"attended", "pre_test", "post_test"}
_COUNTED = (RowStatus.NEW, RowStatus.UPDATE, RowStatus.UNCHANGED)


@register
class AttendanceImporter(Importer):
    """Participants of one event (context {"event": pk}), from a daftar hadir as
    people fill it in. A row matches a participant already on the list by NIP (or by
    the directory person with that NIP; without a NIP, by name among participants
    without one) and updates it; any other row adds a participant, linked to the
    directory person with that NIP so their trained status follows. A unit that was
    not invited is allowed and flagged. Cells left empty keep what the list knows;
    hadir and the scores are set whenever their column is in the file."""

    identifier = "attendance"
    verbose_name = gettext_lazy("Peserta kegiatan")
    description = gettext_lazy(
        "Daftar peserta satu kegiatan dengan kehadiran, nilai pre-test/post-test dan "
        "nomor sertifikat. Peserta dicocokkan dengan NIP-nya (atau namanya bila tanpa "
        "NIP): yang belum terdaftar ditambahkan, yang berubah diperbarui."
    )
    permission = "events:manage"
    context_keys = ("event",)
    columns = [
        ImportColumn(
            "nama", gettext_lazy("Nama lengkap dengan gelar."), True, "Dewi Lestari"
        ),
        ImportColumn(
            "nip",
            gettext_lazy("NIP 18 angka (kosongkan bila bukan ASN)."),
            example="198304172008012011",
            text=True,
        ),
        ImportColumn(
            "jenis_kelamin",
            gettext_lazy("L atau P."),
            True,
            "P",
            choices=tuple(Sex.values),
        ),
        ImportColumn(
            "perangkat_daerah",
            gettext_lazy("Singkatan atau nama perangkat daerah."),
            example="Dinkes",
        ),
        ImportColumn(
            "instansi",
            gettext_lazy("Instansi lain, untuk peserta dari luar perangkat daerah."),
            example="TP PKK Kota",
        ),
        ImportColumn("jabatan", gettext_lazy("Jabatan."), example="Kepala Seksi"),
        ImportColumn(
            "hadir",
            gettext_lazy("Hadir: ya atau tidak."),
            example="ya",
            choices=("ya", "tidak"),
        ),
        ImportColumn("pre_test", gettext_lazy("Nilai pre-test, 0–100."), example="60"),
        ImportColumn(
            "post_test", gettext_lazy("Nilai post-test, 0–100."), example="85"
        ),
        ImportColumn(
            "nomor_sertifikat",
            gettext_lazy("Nomor sertifikat."),
            example="001/SERT/2026",
            text=True,
        ),
    ]
    # Headers people actually write on a daftar hadir (normalised first: "L/P" →
    # "l_p", "Nama Lengkap" → "nama_lengkap").
    aliases = {
        "nama_lengkap": "nama",
        "l_p": "jenis_kelamin",
        "jk": "jenis_kelamin",
        "skpd": "perangkat_daerah",
        "opd": "perangkat_daerah",
        "pd": "perangkat_daerah",
        "unit_kerja": "perangkat_daerah",
        "pretest": "pre_test",
        "posttest": "post_test",
        "no_sertifikat": "nomor_sertifikat",
    }
    form_class = AttendanceImportForm
    field_columns = {
        "name": "nama",
        "nip": "nip",
        "sex": "jenis_kelamin",
        "unit": "perangkat_daerah",
        "institution": "instansi",
        "position": "jabatan",
        "attended": "hadir",
        "pre_test": "pre_test",
        "post_test": "post_test",
        "certificate_number": "nomor_sertifikat",
    }

    def __init__(self, *, user: Any, context: dict[str, Any] | None = None):
        super().__init__(user=user, context=context)
        # The event is fetched in the user's scope: outside it, every import page
        # of this batch is a 404. Without a context (the template download) there is
        # no event.
        self.event: CapacityEvent | None = None
        if "event" in self.context:
            self.event = get_object_or_404(
                CapacityEvent.objects.visible_to(user), pk=self.context["event"]
            )

    def upload_url(self) -> str:
        if self.event is None:
            return super().upload_url()
        return reverse("focal_points:event_attendance_import", args=[self.event.pk])

    def return_link(self) -> tuple[str, Any] | None:
        if self.event is None:
            return None
        return self.event.get_absolute_url(), self.event.title

    @staticmethod
    def _nip(values: dict[str, str]) -> str:
        return values.get("nip", "").replace(" ", "").replace("'", "")

    def row_key(self, row: PreviewRow) -> tuple:
        """The same person twice in the file: by NIP, or by name when no NIP."""
        if nip := self._nip(row.values):
            return ("nip", nip)
        return ("name", row.values.get("nama", "").strip().lower())

    def duplicate_error(self, row: PreviewRow, first_line: int) -> None:
        nip = self._nip(row.values)
        row.error(
            "nip" if nip else "nama",
            _("%(who)s sudah ada di baris %(row)s")
            % {"who": nip or row.values["nama"].strip(), "row": first_line},
        )

    def prepare(self, rows):
        if self.event is None:
            raise Http404  # never started without its event (see context_keys)
        self.units: dict[str, Unit] = {}
        for unit in Unit.objects.only("pk", "name", "short_name"):
            self.units[unit.short_name.lower()] = unit
            self.units.setdefault(unit.name.lower(), unit)
        self.invited = set(self.event.invitations.values_list("unit_id", flat=True))
        attendances = list(self.event.attendances.select_related("unit"))
        self.by_nip = {a.nip: a for a in attendances if a.nip}
        self.by_person = {a.person_id: a for a in attendances if a.person_id}
        self.by_name: dict[str, Attendance] = {}
        for attendance in attendances:
            if not attendance.nip:
                self.by_name.setdefault(attendance.name.strip().lower(), attendance)
        nips = {self._nip(values) for _line, values in rows} - {""}
        self.people = {p.nip: p for p in Person.objects.filter(nip__in=nips)}

    def form_data(self, row: PreviewRow) -> dict[str, str]:
        return {**super().form_data(row), "nip": self._nip(row.values)}

    def form_kwargs(self, row: PreviewRow) -> dict[str, Any]:
        return {"units": self.units}

    def data_from(self, form) -> dict[str, Any]:
        # An empty cell keeps what the list knows, except where empty means
        # something (not present, no score).
        return {k: v for k, v in form.cleaned_data.items() if k in _SET_WHEN_EMPTY or v}

    def find(self, row: PreviewRow) -> Attendance | None:
        """The participant a row stands for: by NIP, by the directory person with
        that NIP, else by name among participants without a NIP."""
        nip = row.data.get("nip")
        if nip and nip in self.by_nip:
            return self.by_nip[nip]
        person = self.people.get(nip)
        if person is not None and person.pk in self.by_person:
            return self.by_person[person.pk]
        return self.by_name.get(row.data["name"].lower())

    def changes(self, row: PreviewRow) -> dict[str, list[Any]]:
        changes = super().changes(row)
        # A participant entered by hand is linked to the directory person with the
        # same NIP, so their trained status follows.
        person = self.people.get(row.data.get("nip"))
        if person is not None and row.target.person_id is None:
            changes["person"] = [None, person]
        return changes

    def warnings(self, row: PreviewRow) -> list[str]:
        unit = row.data.get("unit") or (row.target.unit if row.target else None)
        if unit is None or unit.pk in self.invited:
            return []
        return [
            _(
                "%(unit)s tidak diundang ke kegiatan ini; peserta ini ditandai "
                "di daftar."
            )
            % {"unit": unit.short_name}
        ]

    def apply_row(self, row: PreviewRow) -> None:
        if row.status == RowStatus.NEW:  # linked to the person by NIP there
            services_events.attendance_add(
                event=self.event, by=self.user, data=row.data
            )
        else:
            person = (
                {"person": row.changes["person"][1]} if "person" in row.changes else {}
            )
            services_events.attendance_update(
                attendance=row.target, by=self.user, data={**row.data, **person}
            )

    def apply(self, rows: list[PreviewRow]) -> None:
        super().apply(rows)
        counts = [sum(1 for r in rows if r.ok and r.status == s) for s in _COUNTED]
        log_activity(
            actor=self.user,
            action="event.attendance_import",
            target=self.event,
            data=dict(zip(("created", "updated", "unchanged"), counts, strict=True)),
        )
