"""Focal-point appointments: read by the appointment page's form, written by
`appointment_create` (new rows), `appointment_update` and `appointment_end`
(changed details, a newly given end date), so every rule of the page applies to
every row, word for word."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from focal_points.forms.registry import AppointmentImportForm
from focal_points.models import (
    Decree,
    FocalPointAppointment,
    Sex,
    TeamRole,
    Unit,
)
from focal_points.services import registry
from focal_points.services.registry import PERSON_DETAILS
from pug_portal.imports import (
    ImportColumn,
    Importer,
    PreviewRow,
    RowStatus,
    register,
)


@register
class AppointmentImporter(Importer):
    """Focal-point appointments under decrees already in the registry. A row that
    matches an existing appointment (same person, unit, SK, team role and start) is
    unchanged, or updated when position, rank, the person's details or a newly given
    end date differ; any other row is a new appointment, checked by the same rules
    as the appointment form (18-digit NIP, overlapping periods — with the file's
    earlier rows too —, SK of another unit)."""

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
            gettext_lazy("Singkatan perangkat daerah."),
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
    form_class = AppointmentImportForm
    field_columns = {
        "unit": "nama_singkat_pd",
        "decree": "nomor_sk",
        "name": "nama",
        "nip": "nip",
        "sex": "jenis_kelamin",
        "position": "jabatan",
        "rank": "pangkat_golongan",
        "team_role": "peran_tim",
        "start_date": "tanggal_mulai",
        "end_date": "tanggal_selesai",
        "email": "email",
        "phone": "telepon",
        "on": "tanggal_selesai",  # appointment_end's date
    }
    key_columns = ("nama_singkat_pd", "nip", "peran_tim", "tanggal_mulai")
    duplicate_column = "nama"

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

    def prepare(self, rows):
        wanted_units = {r.get("nama_singkat_pd", "").strip().lower() for _l, r in rows}
        self.units = {
            unit.short_name.lower(): unit
            for unit in Unit.objects.visible_to(self.user)
            if unit.short_name.lower() in wanted_units
        }
        numbers = {r.get("nomor_sk", "").strip() for _l, r in rows}
        self.decrees: dict[str, list[Decree]] = {}
        for decree in Decree.objects.filter(number__in=numbers):
            self.decrees.setdefault(decree.number.lower(), []).append(decree)
        self.appointments: dict[tuple, list[FocalPointAppointment]] = {}
        appointments = FocalPointAppointment.objects.filter(
            unit__in=self.units.values()
        ).select_related("person")
        for appointment in appointments:
            person = appointment.person
            person_key = person.nip or "name:" + person.name.strip().lower()
            key = (person_key, appointment.unit_id, appointment.team_role)
            self.appointments.setdefault(key, []).append(appointment)

    def form_data(self, row: PreviewRow) -> dict[str, str]:
        return {**super().form_data(row), "nip": self._nip(row.values)}

    def form_kwargs(self, row: PreviewRow) -> dict[str, Any]:
        return {"units": self.units, "decrees": self.decrees}

    def find(self, row: PreviewRow) -> FocalPointAppointment | None:
        """The appointment of the same person, unit, role, SK and start."""
        data = row.data
        key = (self._person_key(row.values), data["unit"].pk, data["team_role"])
        return next(
            (
                a
                for a in self.appointments.get(key, [])
                if a.decree_id == data["decree"].pk
                and a.start_date == data["start_date"]
            ),
            None,
        )

    def changes(self, row: PreviewRow) -> dict[str, list[Any]]:
        appointment, data = row.target, row.data
        saved = {
            **{k: getattr(appointment.person, k) for k in PERSON_DETAILS},
            "position": appointment.position,
            "rank": appointment.rank,
        }
        changes = {
            name: [saved[name], value]
            for name, value in self._details(data).items()
            if saved[name] != value
        }
        if data["end_date"] is not None and appointment.end_date != data["end_date"]:
            changes["end_date"] = [appointment.end_date, data["end_date"]]
        return changes

    @staticmethod
    def _details(data: dict[str, Any]) -> dict[str, Any]:
        """Position, rank and the person's details; blank contact cells leave what
        the registry already knows."""
        details = {k: data[k] for k in ("name", "sex", "position", "rank") if k in data}
        details.update({k: data[k] for k in ("phone", "email") if data.get(k)})
        return details

    def apply_row(self, row: PreviewRow) -> None:
        data = row.data
        details = self._details(data)
        if row.status == RowStatus.NEW:
            registry.appointment_create(
                by=self.user,
                unit=data["unit"],
                decree=data["decree"],
                person_data={
                    "nip": data["nip"],
                    **{k: v for k, v in details.items() if k in PERSON_DETAILS},
                },
                team_role=data["team_role"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                position=details.get("position", ""),
                rank=details.get("rank", ""),
            )
            return
        appointment = row.target
        registry.appointment_update(appointment=appointment, by=self.user, data=details)
        if "end_date" in row.changes:
            registry.appointment_end(
                appointment=appointment,
                by=self.user,
                on=data["end_date"],
                reason=_("Diakhiri lewat impor"),
            )
