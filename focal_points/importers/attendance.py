"""The attendance of one event (started from the event's page; its batch carries
{"event": pk})."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    ImportResult,
    PreviewRow,
    RowStatus,
    register,
)

# --- attendance of one event -------------------------------------------------------

_ATTENDED = {"1", "ya", "y", "hadir", "x", "true", "v", "✓"}
_ABSENT = {"", "0", "tidak", "t", "n", "false", "-"}


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
            gettext_lazy("Nama singkat atau nama perangkat daerah."),
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

    def __init__(self, *, user: Any = None, context: dict[str, Any] | None = None):
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
        self.seen: dict[str, int] = {}

    def _unique(self, row: PreviewRow, nip: str | None, name: str) -> None:
        """The same person twice in the file: by NIP, or by name when no NIP."""
        key, column = (nip, "nip") if nip else ("name:" + name.lower(), "nama")
        if key in self.seen:
            row.error(
                column,
                _("%(who)s sudah ada di baris %(row)s")
                % {"who": nip or name, "row": self.seen[key]},
            )
        else:
            self.seen[key] = row.line

    def parse_row(self, row: PreviewRow) -> None:
        values = row.values
        name = values["nama"].strip()
        nip = self._nip(values) or None
        if nip and not (len(nip) == 18 and nip.isdigit()):
            row.error("nip", _("NIP harus terdiri dari 18 angka tanpa spasi."))
        else:
            self._unique(row, nip, name)
        sex = values["jenis_kelamin"].strip().upper()[:1]
        if sex not in Sex.values:
            row.error("jenis_kelamin", _("isi dengan L atau P"))
        fields: dict[str, Any] = {"name": name, "sex": sex}
        if nip:
            fields["nip"] = nip
        if unit_text := values.get("perangkat_daerah", "").strip():
            fields["unit"] = self.units.get(unit_text.lower())
            if fields["unit"] is None:
                row.error(
                    "perangkat_daerah",
                    _(
                        "perangkat daerah %(unit)s tidak dikenal; tulis nama singkatnya "
                        "atau isi kolom instansi"
                    )
                    % {"unit": unit_text},
                )
        for name_, column in (
            ("institution", "instansi"),
            ("position", "jabatan"),
            ("certificate_number", "nomor_sertifikat"),
        ):
            if text := values.get(column, "").strip():
                fields[name_] = text
        if "hadir" in values:
            attended = values["hadir"].strip().lower()
            if attended not in _ATTENDED | _ABSENT:
                row.error("hadir", _("isi dengan ya atau tidak"))
            fields["attended"] = attended in _ATTENDED
        for field in services_events.SCORE_FIELDS:
            if field in values:
                try:
                    fields[field] = services_events.parse_score(values[field])
                except ValueError:
                    row.error(field, services_events.score_error())
        if not row.ok:
            return
        person = self.people.get(nip) if nip else None
        current = self._current(nip, person, name)
        unit = fields.get("unit") or (current.unit if current else None)
        if unit is not None and unit.pk not in self.invited:
            row.warnings.append(
                _(
                    "%(unit)s tidak diundang ke kegiatan ini; peserta ini ditandai "
                    "di daftar."
                )
                % {"unit": unit.short_name}
            )
        if person is not None and (current is None or current.person_id is None):
            fields["person"] = person
        row.target = current
        row.data = fields
        candidate = copy.copy(current) if current else Attendance(event=self.event)
        if current is None:
            row.status = RowStatus.NEW
        else:
            row.changes = {
                name_: [getattr(current, name_), value]
                for name_, value in fields.items()
                if getattr(current, name_) != value
            }
            row.status = RowStatus.UPDATE if row.changes else RowStatus.UNCHANGED
        for name_, value in fields.items():
            setattr(candidate, name_, value)
        try:
            candidate.clean_fields(exclude=["event", "person", "unit"])
        except ValidationError as error:
            self.add_model_errors(row, error)

    def _current(
        self, nip: str | None, person: Person | None, name: str
    ) -> Attendance | None:
        """The participant a row stands for: by NIP, by the directory person with
        that NIP, else by name among participants without a NIP."""
        if nip and nip in self.by_nip:
            return self.by_nip[nip]
        if person is not None and person.pk in self.by_person:
            return self.by_person[person.pk]
        return self.by_name.get(name.lower())

    def apply_row(self, row: PreviewRow) -> str:
        if row.status == RowStatus.UNCHANGED:
            return RowStatus.UNCHANGED
        if row.status == RowStatus.NEW:
            attendance = Attendance(event=self.event, **row.data)
        else:
            attendance = row.target
            for name, (_old, value) in row.changes.items():
                setattr(attendance, name, value)
        attendance.full_clean()
        if row.status == RowStatus.NEW:
            attendance.save()
        else:
            attendance.save(update_fields=list(row.changes))
        return row.status

    def apply(self, rows: list[PreviewRow], result: ImportResult) -> None:
        super().apply(rows, result)
        log_activity(
            actor=self.user,
            action="event.attendance_import",
            target=self.event,
            data={
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
