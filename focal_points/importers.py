"""Imports of the registry: units (idempotent by short name), focal-point
appointments (applied through `focal_points.services.appointment_create`, so every
rule of the appointment form applies to every row) and the attendance of one event
(started from the event's page; its batch carries {"event": pk}).

Both run on `pug_portal.importing.Importer`: every row is checked first and shown in
the preview, and nothing is written unless every row is clean."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from focal_points import services, services_events
from focal_points.models import (
    Attendance,
    CapacityEvent,
    Decree,
    FocalPointAppointment,
    Person,
    Sex,
    TeamRole,
    Unit,
    UnitType,
    nip_validator,
)
from pug_portal.activity import log_activity
from pug_portal.importing import (
    CellError,
    ImportColumn,
    Importer,
    ImportResult,
    PreviewRow,
    RowStatus,
    parse_choice,
    parse_date,
    parse_flag,
    register,
)
from pug_portal.models import User


def units_for(user: Any) -> Any:
    """Units an import by `user` may name; None (a management command) means all."""
    if user is None:
        return Unit.objects.all()
    return Unit.objects.visible_to(user)


# --- units -------------------------------------------------------------------------

UNIT_COLUMNS = ["short_name", "name", "unit_type"]


@register
class UnitImporter(Importer):
    """Units (Perangkat Daerah), created or updated by short name. A row may name a
    parent listed after it."""

    identifier = "units"
    verbose_name = gettext_lazy("Perangkat daerah")
    description = gettext_lazy(
        "Daftar perangkat daerah, dicocokkan dengan nama singkatnya: yang belum ada "
        "ditambahkan, yang berubah diperbarui."
    )
    permission = "imports:units"
    key_columns = ("short_name",)
    columns = [
        ImportColumn(
            "short_name",
            gettext_lazy("Nama singkat (unik)."),
            required=True,
            example="Dinkes",
        ),
        ImportColumn("name", gettext_lazy("Nama lengkap."), True, "Dinas Kesehatan"),
        ImportColumn(
            "unit_type",
            gettext_lazy("Jenis perangkat daerah."),
            True,
            "DINAS",
            choices=tuple(UnitType.values),
        ),
        ImportColumn(
            "parent_short_name",
            gettext_lazy("Nama singkat induk (Bagian → Setda, Kelurahan → Kecamatan)."),
            example="Setda",
        ),
        ImportColumn(
            "is_coordinator",
            gettext_lazy("Koordinator PUG (DPMPPPAKB): 1 atau 0."),
            example="0",
            choices=("1", "0"),
        ),
        ImportColumn(
            "is_planning_agency",
            gettext_lazy("Badan perencanaan (Bappeda): 1 atau 0."),
            example="0",
            choices=("1", "0"),
        ),
        ImportColumn("code", gettext_lazy("Kode perangkat daerah."), text=True),
        ImportColumn("note", gettext_lazy("Catatan.")),
    ]
    field_columns = {
        "name": "name",
        "short_name": "short_name",
        "unit_type": "unit_type",
        "code": "code",
        "note": "note",
        "parent": "parent_short_name",
    }

    def prepare(self, rows):
        names = set()
        for _line, row in rows:
            names.add(row.get("short_name", "").strip())
            names.add(row.get("parent_short_name", "").strip())
        names.discard("")
        self.existing = {
            unit.short_name: unit
            for unit in Unit.objects.filter(short_name__in=names).select_related(
                "parent"
            )
        }
        self.in_file = {row.get("short_name", "").strip() for _line, row in rows}

    def parse_row(self, row: PreviewRow) -> None:
        values = row.values
        short_name = values["short_name"].strip()
        fields: dict[str, Any] = {
            "name": values["name"].strip(),
            "unit_type": values["unit_type"].strip().upper(),
        }
        if fields["unit_type"] not in UnitType.values:
            row.error(
                "unit_type",
                _("jenis %(t)s tidak dikenal (pilihan: %(choices)s)")
                % {"t": values["unit_type"], "choices": ", ".join(UnitType.values)},
            )
        for flag in ("is_coordinator", "is_planning_agency"):
            if flag in values:
                try:
                    fields[flag] = parse_flag(values[flag])
                except CellError:
                    row.error(flag, _("isi dengan 1 atau 0"))
        for text in ("code", "note"):
            if text in values:
                fields[text] = values[text].strip()
        parent = None
        if "parent_short_name" in values:
            parent = values["parent_short_name"].strip()
            if parent and parent not in self.in_file and parent not in self.existing:
                row.error(
                    "parent_short_name",
                    _("induk %(p)s tidak dikenal") % {"p": parent},
                )
            if parent == short_name:
                row.error("parent_short_name", _("induk tidak boleh dirinya sendiri"))
        try:
            Unit(short_name=short_name, **fields).clean_fields(
                exclude=["parent", "predecessor", "head_user"]
            )
        except ValidationError as error:
            self.add_model_errors(row, error)
        row.data = {"short_name": short_name, "fields": fields, "parent": parent}
        unit = self.existing.get(short_name)
        row.target = unit
        if unit is None:
            row.status = RowStatus.NEW
            return
        changes = {
            k: [getattr(unit, k), v] for k, v in fields.items() if getattr(unit, k) != v
        }
        if parent is not None:
            current = unit.parent.short_name if unit.parent else ""
            if current != parent:
                changes["parent"] = [current, parent]
        row.changes = changes
        row.status = RowStatus.UPDATE if changes else RowStatus.UNCHANGED

    def apply(self, rows: list[PreviewRow], result: ImportResult) -> None:
        # Two passes: every unit exists before parents are set, so a row may name a
        # parent listed after it.
        units = dict(self.existing)
        for row in rows:
            if row.status == RowStatus.NEW:
                unit = Unit(short_name=row.data["short_name"], **row.data["fields"])
                unit.save()
                units[unit.short_name] = unit
        for row in rows:
            unit = units[row.data["short_name"]]
            target = dict(row.data["fields"])
            if row.data["parent"] is not None:
                parent = row.data["parent"]
                target["parent_id"] = units[parent].pk if parent else None
            changes = {k: v for k, v in target.items() if getattr(unit, k) != v}
            if changes:
                for key, value in changes.items():
                    setattr(unit, key, value)
                unit.save(update_fields=list(changes))
            if row.status == RowStatus.NEW:
                log_activity(actor=self.user, action="unit.import", target=unit)
            elif changes:
                log_activity(
                    actor=self.user,
                    action="unit.import",
                    target=unit,
                    data={k: [str(v[0]), str(v[1])] for k, v in row.changes.items()},
                )
            self.count(result, row.status)


def import_units(
    rows: list[tuple[int, dict[str, str]]], *, by: User | None = None
) -> ImportResult:
    """Create or update units from rows; nothing is written when any row is bad."""
    return UnitImporter(user=by).commit(rows)


# --- focal-point appointments ------------------------------------------------------


@register
class AppointmentImporter(Importer):
    """Focal-point appointments under decrees already in the registry. A row that
    matches an existing appointment (same person, unit, SK, team role and start) is
    unchanged, or updated when position, rank, contact details or a newly given end
    date differ; any other row is a new appointment, checked by the same rules as
    the appointment form (18-digit NIP, overlapping periods, SK of another unit)."""

    identifier = "focal-points"
    verbose_name = gettext_lazy("Focal point (penugasan)")
    description = gettext_lazy(
        "Penugasan focal point per perangkat daerah berdasarkan SK yang sudah "
        "tercatat di portal."
    )
    permission = "imports:focal_points"
    columns = [
        ImportColumn(
            "nama_singkat_pd",
            gettext_lazy("Nama singkat perangkat daerah."),
            True,
            "Dinkes",
        ),
        ImportColumn(
            "nomor_sk",
            gettext_lazy("Nomor SK penunjukan (SK harus sudah tercatat di menu SK)."),
            True,
            "800/12/SK/2026",
            text=True,
        ),
        ImportColumn("nama", gettext_lazy("Nama lengkap dengan gelar."), True, "Siti"),
        ImportColumn(
            "nip",
            gettext_lazy("NIP 18 angka (kosongkan bila bukan ASN)."),
            example="198001012005012001",
            text=True,
        ),
        ImportColumn(
            "jenis_kelamin",
            gettext_lazy("L atau P."),
            True,
            "P",
            choices=tuple(Sex.values),
        ),
        ImportColumn("jabatan", gettext_lazy("Jabatan."), example="Kepala Seksi"),
        ImportColumn(
            "pangkat_golongan", gettext_lazy("Pangkat/golongan."), example="III/c"
        ),
        ImportColumn(
            "peran_tim",
            gettext_lazy("Peran dalam tim focal point."),
            True,
            "ANGGOTA",
            choices=tuple(TeamRole.values),
        ),
        ImportColumn(
            "tanggal_mulai",
            gettext_lazy("Tanggal mulai (2026-01-31 atau 31-01-2026)."),
            True,
            "2026-01-05",
        ),
        ImportColumn(
            "tanggal_selesai",
            gettext_lazy("Tanggal selesai, bila sudah ditentukan."),
        ),
        ImportColumn("email", gettext_lazy("Alamat e-mail.")),
        ImportColumn("telepon", gettext_lazy("Nomor telepon."), text=True),
    ]
    aliases = {
        "unit": "nama_singkat_pd",
        "perangkat_daerah": "nama_singkat_pd",
        "sk": "nomor_sk",
        "no_sk": "nomor_sk",
        "pangkat": "pangkat_golongan",
        "peran": "peran_tim",
        "mulai": "tanggal_mulai",
        "selesai": "tanggal_selesai",
        "e_mail": "email",
        "no_hp": "telepon",
        "hp": "telepon",
    }
    field_columns = {
        "unit": "nama_singkat_pd",
        "decree": "nomor_sk",
        "name": "nama",
        "nip": "nip",
        "sex": "jenis_kelamin",
        "phone": "telepon",
        "email": "email",
        "team_role": "peran_tim",
        "start_date": "tanggal_mulai",
        "end_date": "tanggal_selesai",
        "on": "tanggal_selesai",
        "position": "jabatan",
        "rank": "pangkat_golongan",
    }

    @staticmethod
    def _nip(values: dict[str, str]) -> str:
        return values.get("nip", "").replace(" ", "").lstrip("'")

    def _person_key(self, values: dict[str, str]) -> str:
        return self._nip(values) or "name:" + values.get("nama", "").strip().lower()

    def row_key(self, row: PreviewRow) -> tuple:
        values = row.values
        return (
            values.get("nama_singkat_pd", "").strip().lower(),
            self._person_key(values),
            values.get("peran_tim", "").strip().lower(),
            values.get("tanggal_mulai", "").strip(),
        )

    key_columns = ("nama_singkat_pd", "nip", "peran_tim", "tanggal_mulai")
    duplicate_column = "nama"

    def prepare(self, rows):
        wanted_units = {r.get("nama_singkat_pd", "").strip().lower() for _l, r in rows}
        self.units = {
            unit.short_name.lower(): unit
            for unit in units_for(self.user)
            if unit.short_name.lower() in wanted_units
        }
        numbers = {r.get("nomor_sk", "").strip() for _l, r in rows}
        self.decrees: dict[str, list[Decree]] = {}
        for decree in Decree.objects.filter(number__in=numbers):
            self.decrees.setdefault(decree.number.lower(), []).append(decree)
        nips = {self._nip(r) for _l, r in rows} - {""}
        self.people = {p.nip: p for p in Person.objects.filter(nip__in=nips)}
        self.appointments: dict[tuple, list[FocalPointAppointment]] = {}
        appointments = FocalPointAppointment.objects.filter(
            unit__in=self.units.values()
        ).select_related("person")
        for appointment in appointments:
            person = appointment.person
            person_key = person.nip or "name:" + person.name.strip().lower()
            key = (person_key, appointment.unit_id, appointment.team_role)
            self.appointments.setdefault(key, []).append(appointment)
        self.periods_in_file: dict[tuple, list[tuple]] = {}

    def _decree_for(self, row: PreviewRow, unit: Unit | None) -> Decree | None:
        number = row.values["nomor_sk"].strip()
        candidates = self.decrees.get(number.lower(), [])
        if unit is not None:
            for decree in candidates:
                if decree.unit_id == unit.pk:
                    return decree
        for decree in candidates:
            if decree.unit_id is None:
                return decree
        if candidates:
            row.error("nomor_sk", _("SK ini untuk perangkat daerah lain."))
        else:
            row.error(
                "nomor_sk",
                _(
                    "SK nomor %(number)s belum tercatat; catat SK-nya dulu di menu SK, "
                    "lalu impor lagi"
                )
                % {"number": number},
            )
        return None

    def parse_row(self, row: PreviewRow) -> None:
        values = row.values
        short_name = values["nama_singkat_pd"].strip()
        unit = self.units.get(short_name.lower())
        if unit is None:
            row.error(
                "nama_singkat_pd",
                _("perangkat daerah %(unit)s tidak dikenal") % {"unit": short_name},
            )
        elif not unit.is_active:
            row.error("nama_singkat_pd", _("Perangkat daerah ini sudah tidak aktif."))
        decree = self._decree_for(row, unit)
        nip = self._nip(values)
        if nip:
            try:
                nip_validator(nip)
            except ValidationError as error:
                row.error("nip", error.messages[0])
        parsed: dict[str, Any] = {}
        for column, parse, choices in (
            ("jenis_kelamin", parse_choice, Sex.choices),
            ("peran_tim", parse_choice, TeamRole.choices),
        ):
            try:
                parsed[column] = parse(values[column], choices)
            except CellError as error:
                row.error(column, str(error))
        start = end = None
        try:
            start = parse_date(values["tanggal_mulai"])
        except CellError as error:
            row.error("tanggal_mulai", str(error))
        if values.get("tanggal_selesai", "").strip():
            try:
                end = parse_date(values["tanggal_selesai"])
            except CellError as error:
                row.error("tanggal_selesai", str(error))
        if start and end and end < start:
            row.error("tanggal_selesai", _("Tanggal selesai sebelum tanggal mulai."))
        email = values.get("email", "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("email", _("alamat e-mail tidak sah"))
        person_data = {
            "name": values["nama"].strip(),
            "nip": nip,
            "sex": parsed.get("jenis_kelamin", ""),
        }
        # Blank contact cells leave what the registry already knows.
        if email:
            person_data["email"] = email
        if phone := values.get("telepon", "").strip():
            person_data["phone"] = phone
        appointment_fields = {
            "position": values.get("jabatan", "").strip(),
            "rank": values.get("pangkat_golongan", "").strip(),
        }
        try:
            Person(**{**person_data, "nip": nip or None}).clean_fields(
                exclude=["user", "sex"]
            )
        except ValidationError as error:
            self.add_model_errors(row, error)
        try:
            FocalPointAppointment(**appointment_fields).clean_fields(
                exclude=[
                    "person",
                    "unit",
                    "decree",
                    "previous",
                    "team_role",
                    "start_date",
                    "end_date",
                ]
            )
        except ValidationError as error:
            self.add_model_errors(row, error)
        if not row.ok:
            return
        team_role = parsed["peran_tim"]
        row.data = {
            "unit": unit,
            "decree": decree,
            "person_data": person_data,
            "team_role": team_role,
            "start_date": start,
            "end_date": end,
            **appointment_fields,
        }
        person_key = self._person_key(values)
        same = self.appointments.get((person_key, unit.pk, team_role), [])
        match = next(
            (a for a in same if a.decree_id == decree.pk and a.start_date == start),
            None,
        )
        in_file = self.periods_in_file.setdefault((person_key, unit.pk, team_role), [])
        for other_start, other_end, other_line in in_file:
            if (end is None or other_start <= end) and (
                other_end is None or other_end >= start
            ):
                row.error(
                    "tanggal_mulai",
                    _("periodenya bertumpang tindih dengan baris %(row)s")
                    % {"row": other_line},
                )
                return
        in_file.append((start, end, row.line))
        if match is None:
            clash = next(
                (
                    a
                    for a in same
                    if (end is None or a.start_date <= end)
                    and (a.end_date is None or a.end_date >= start)
                ),
                None,
            )
            if clash is not None:
                row.error(
                    "tanggal_mulai",
                    _(
                        "%(name)s sudah ditugaskan sebagai %(role)s di %(unit)s sejak "
                        "%(start)s; periodenya bertumpang tindih."
                    )
                    % {
                        "name": clash.person.name,
                        "role": clash.get_team_role_display(),
                        "unit": unit.short_name,
                        "start": clash.start_date.strftime("%d-%m-%Y"),
                    },
                )
                return
            row.status = RowStatus.NEW
            return
        row.target = match
        changes: dict[str, list] = {}
        for name, value in appointment_fields.items():
            if getattr(match, name) != value:
                changes[name] = [getattr(match, name), value]
        for name, value in person_data.items():
            if name != "nip" and getattr(match.person, name) != value:
                changes[name] = [getattr(match.person, name), value]
        if end is not None and match.end_date != end:
            if match.end_date is not None:
                row.error(
                    "tanggal_selesai",
                    _(
                        "penugasan ini sudah berakhir pada %(date)s; ubah lewat halaman "
                        "penugasan"
                    )
                    % {"date": match.end_date.strftime("%d-%m-%Y")},
                )
                return
            changes["end_date"] = [None, end]
        row.changes = changes
        row.status = RowStatus.UPDATE if changes else RowStatus.UNCHANGED

    def apply_row(self, row: PreviewRow) -> str:
        data = row.data
        if row.status == RowStatus.NEW:
            services.appointment_create(
                by=self.user,
                unit=data["unit"],
                decree=data["decree"],
                person_data=data["person_data"],
                team_role=data["team_role"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                position=data["position"],
                rank=data["rank"],
            )
            return RowStatus.NEW
        if row.status == RowStatus.UNCHANGED:
            return RowStatus.UNCHANGED
        appointment: FocalPointAppointment = row.target
        with transaction.atomic():
            person_fields = [
                k for k in ("name", "sex", "phone", "email") if k in row.changes
            ]
            if person_fields:
                person = appointment.person
                for name in person_fields:
                    setattr(person, name, data["person_data"][name])
                person.full_clean(exclude=["user"])
                person.save(update_fields=person_fields)
            own_fields = [k for k in ("position", "rank") if k in row.changes]
            if own_fields:
                for name in own_fields:
                    setattr(appointment, name, data[name])
                appointment.save(update_fields=own_fields)
            if person_fields or own_fields:
                log_activity(
                    actor=self.user,
                    action="appointment.import",
                    target=appointment,
                    data={k: v for k, v in row.changes.items() if k != "end_date"},
                )
            if "end_date" in row.changes:
                services.appointment_end(
                    appointment=appointment,
                    by=self.user,
                    on=data["end_date"],
                    reason=_("Diakhiri lewat impor"),
                )
        return RowStatus.UPDATE


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
