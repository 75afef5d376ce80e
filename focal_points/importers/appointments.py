"""Focal-point appointments, applied through
`focal_points.services.appointment_create` so every rule of the form applies per row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from focal_points.importers.common import units_for
from focal_points.models import (
    Decree,
    FocalPointAppointment,
    Person,
    Sex,
    TeamRole,
    Unit,
    nip_validator,
)
from focal_points.services import registry as services
from pug_portal.activity import log_activity
from pug_portal.imports import (
    CellError,
    ImportColumn,
    Importer,
    PreviewRow,
    RowStatus,
    parse_choice,
    parse_date,
    register,
)

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
