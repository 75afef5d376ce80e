"""The activity log, as services write it."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from pug_portal.models import ActivityLog


def log_activity(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record that `actor` did `action` to `target`. `data` holds what changed, in
    JSON-safe form (dates and decimals are turned into strings)."""
    safe = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return ActivityLog.objects.create(
        # No actor for the anonymous and for SYSTEM_USER (a command, the seeder).
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_repr=str(target)[:255],
        data=safe,
    )


def changed_fields(instance: models.Model, cleaned: dict[str, Any]) -> dict[str, Any]:
    """Apply `cleaned` to `instance`; return {field: [old, new]} for what really changed.

    A file field takes what a form's file input gives: a new upload, the stored
    file (unchanged) or False ("clear" ticked), which empties the field as
    `FileField.save_form_data` does (set as is, False would be saved as "False")."""
    changes: dict[str, Any] = {}
    for name, value in cleaned.items():
        old = getattr(instance, name)
        if value is False and isinstance(
            instance._meta.get_field(name), models.FileField
        ):
            value = ""
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(instance, name, value)
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, File):  # a stored file or a new upload: its name
        return PurePath(value.name).name if value.name else None
    return value


# --- reading the log -----------------------------------------------------------------

# What each logged action code means, as the log shows it. A test fails when a
# service logs a code missing here.
ACTION_LABELS: dict[str, Any] = {
    "unit.create": _("Perangkat daerah ditambahkan"),
    "unit.update": _("Data perangkat daerah diubah"),
    "unit.rename": _("Ganti nama (nomenklatur baru)"),
    "unit.deactivate": _("Perangkat daerah dinonaktifkan"),
    "decree.create": _("SK dicatat"),
    "decree.update": _("SK diubah"),
    "pokja.member_add": _("Anggota Pokja PUG ditetapkan"),
    "pokja.member_update": _("Keanggotaan Pokja PUG diubah"),
    "pokja.member_end": _("Keanggotaan Pokja PUG berakhir"),
    "pokja.member_transfer": _("Peran Pokja PUG dialihkan"),
    "award.create": _("Hasil APE/PPE dicatat"),
    "award.update": _("Hasil APE/PPE diubah"),
    "award.delete": _("Hasil APE/PPE dihapus"),
    "appointment.create": _("Focal point ditetapkan"),
    "appointment.update": _("Data penugasan diubah"),
    "appointment.transfer": _("Mutasi"),
    "appointment.end": _("Penugasan diakhiri"),
    "user.create": _("Akun dibuat"),
    "user.update": _("Akun diubah"),
    "event.create": _("Kegiatan dibuat"),
    "event.update": _("Kegiatan diubah"),
    "event.invite": _("Perangkat daerah diundang"),
    "event.speaker_add": _("Narasumber ditambahkan"),
    "event.speaker_remove": _("Narasumber dihapus"),
    "event.attendance_add": _("Peserta ditambahkan"),
    "event.attendance_update": _("Data peserta diubah"),
    "event.attendance_remove": _("Peserta dihapus"),
    "event.attendance_mark": _("Kehadiran ditandai"),
    "event.attendance_import": _("Peserta diimpor"),
    "cycle.create": _("Siklus monev dibuat"),
    "cycle.update": _("Siklus monev diubah"),
    "cycle.open": _("Siklus monev dibuka"),
    "cycle.close": _("Siklus monev ditutup"),
    "budget_line.create": _("Sub kegiatan ditambahkan"),
    "budget_line.update": _("Sub kegiatan diubah"),
    "total_belanja.set": _("Total belanja dicatat"),
    "dossier.create": _("Dokumen PPRG dibuat"),
    "dossier.update": _("Isian dokumen PPRG disimpan"),
    "dossier.submit": _("Diajukan"),
    "dossier.start_review": _("Reviu dimulai"),
    "dossier.return": _("Dikembalikan untuk perbaikan"),
    "dossier.approve": _("Disetujui"),
    "dossier.reopen": _("Dibuka kembali"),
    "dossier.score": _("Nilai rubrik disimpan"),
    "dossier.comment_resolve": _("Catatan reviu ditandai selesai"),
    "dossier.evidence_add": _("Bukti diunggah"),
    "dossier.evidence_delete": _("Bukti dihapus"),
    "dossier.library_link": _("Berkas pustaka ditautkan"),
    "dossier.library_unlink": _("Tautan berkas pustaka dilepas"),
    "realisation.record": _("Realisasi dicatat"),
    "evidence.add": _("Dokumen diunggah"),
    "evidence.delete": _("Dokumen dihapus"),
    "instrument.create": _("Instrumen dibuat"),
    "instrument.update": _("Instrumen diubah"),
    "instrument.copy": _("Instrumen disalin"),
    "instrument.item_create": _("Butir instrumen ditambahkan"),
    "instrument.item_update": _("Butir instrumen diubah"),
    "instrument.item_delete": _("Butir instrumen dihapus"),
    "assessment.start": _("Penilaian mandiri dimulai"),
    "assessment.update": _("Jawaban penilaian disimpan"),
    "assessment.verify": _("Jawaban diverifikasi"),
    "assessment.submit": _("Diajukan"),
    "assessment.start_review": _("Reviu dimulai"),
    "assessment.return": _("Dikembalikan untuk perbaikan"),
    "assessment.approve": _("Disetujui"),
    "assessment.reopen": _("Dibuka kembali"),
    "assessment.prefill": _("Angka portal diisikan"),
    "assessment.co_review": _("Catatan verifikator pendamping disimpan"),
    "pokja_plan.create": _("Rencana Pokja PUG dibuat"),
    "pokja_plan.update": _("Rencana Pokja PUG diubah"),
    "pokja_plan.adopt": _("Rencana Pokja PUG ditetapkan"),
    "pokja_plan.row_create": _("Baris rencana ditambahkan"),
    "pokja_plan.row": _("Baris rencana diubah"),
    "pokja_plan.achievement": _("Capaian dicatat"),
    "pokja_plan.achievement_clear": _("Capaian dihapus"),
    "import.commit": _("Data diimpor"),
    "report_run.start": _("Laporan dibuat"),
}

# Actions that come in runs (the editor's autosave every few seconds): consecutive
# entries of one of these by the same person show as one line.
RUN_ACTIONS = frozenset({"dossier.update", "assessment.update"})


def action_label(action: str) -> str:
    """The label of a logged action code; the code itself when it has none."""
    return str(ACTION_LABELS.get(action, action))


@dataclass
class LogLine:
    """One line of the log as shown: an entry, or a run of the same action by the
    same person (`count` entries from `first_at` to `entry.created_at`)."""

    entry: ActivityLog
    label: str
    count: int = 1
    first_at: Any = None
    data: dict[str, Any] = field(default_factory=dict)

    def details(self) -> list[tuple[str, str]]:
        """(label, value) per key of the data: a model field by its verbose name,
        a change as "old → new"; for a run, only which fields changed."""
        model = ContentType.objects.get_for_id(self.entry.content_type_id).model_class()
        rows = []
        for key, value in self.data.items():
            try:
                label = str(model._meta.get_field(key).verbose_name)
            except (AttributeError, FieldDoesNotExist):
                # A key of the service's own ("appointments_moved"), or a model gone.
                label = key.replace("_", " ")
            if self.count > 1:
                value = ""
            elif isinstance(value, list) and len(value) == 2:
                value = (
                    f"{value[0] if value[0] not in (None, '') else '—'} → {value[1]}"
                )
            rows.append((label, str(value)))
        return rows


def log_lines(entries: Iterable[ActivityLog]) -> list[LogLine]:
    """`entries` (newest first) as lines, a run of autosaves as one line whose
    details are the fields changed over the run."""
    lines: list[LogLine] = []
    for entry in entries:
        last = lines[-1] if lines else None
        if (
            last is not None
            and entry.action in RUN_ACTIONS
            and entry.action == last.entry.action
            and entry.actor_id == last.entry.actor_id
        ):
            last.count += 1
            last.first_at = entry.created_at
            for key, value in (entry.data or {}).items():
                last.data.setdefault(key, value)
            continue
        lines.append(
            LogLine(
                entry=entry,
                label=action_label(entry.action),
                first_at=entry.created_at,
                data=dict(entry.data or {}),
            )
        )
    return lines
