"""Writes behind Persentase ARG besides the budget lines: a unit's total belanja of a
year and phase, and the quarterly realisation of an approved dossier.

Each checks permission and scope, validates, saves in a transaction and writes the
activity log. Problems raise ValidationError keyed by form field, or
PermissionDenied."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Dossier, Realisation, TotalBelanja
from evaluations.services.budget import check_year_not_closed
from evaluations.services.review import scores_refresh_realisation
from evaluations.workflow import Status
from focal_points.models import Unit
from pug_portal.activity import log_activity
from pug_portal.formats import rupiah
from pug_portal.models import User
from pug_portal.permissions import require_in_scope, require_perm

# --- total belanja -----------------------------------------------------------------


def total_belanja_set(
    *,
    unit: Unit,
    year: int,
    phase: str,
    total: Decimal,
    by: User,
    permission: str = "budget:total",
) -> tuple[TotalBelanja, bool]:
    """Record `unit`'s total belanja of `year` in budget `phase` (replacing the
    figure of the same phase). Returns (row, changed). `permission` is what `by`
    acts under: the unit page's "budget:total" or the import's
    "imports:total_belanja"."""
    require_perm(by, permission)
    require_in_scope(by, unit)
    check_year_not_closed(year)
    with transaction.atomic():
        row = (
            TotalBelanja.objects.select_for_update()
            .filter(unit=unit, year=year, phase=phase)
            .first()
        )
        if row is not None and row.total == total:
            return row, False
        old = row.total if row is not None else None
        row = row or TotalBelanja(unit=unit, year=year, phase=phase)
        row.total = total
        row.full_clean()
        row.save()
        log_activity(
            actor=by,
            action="total_belanja.set",
            target=row,
            data={"year": year, "phase": phase, "from": old, "to": total},
        )
    return row, True


# --- realisation -------------------------------------------------------------------

NOT_APPROVED_MESSAGE = gettext_lazy(
    "Realisasi dicatat setelah dokumen PPRG disetujui verifikator."
)


def realisation_record(
    *, dossier: Dossier, by: User, data: dict[str, Any]
) -> Realisation:
    """Record one quarter's realisation of an approved dossier, without reopening
    it. A quarter already recorded is refused (the first record stays); above the
    pagu is allowed (`realisation_warnings` says so)."""
    require_perm(by, "realisation:record", dossier)
    require_in_scope(by, dossier)
    if dossier.status != Status.APPROVED:
        raise ValidationError(str(NOT_APPROVED_MESSAGE))
    with transaction.atomic():
        # Serialise two records of the same dossier: the second sees the first.
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        quarter = data.get("quarter")
        if Realisation.objects.filter(dossier=dossier, quarter=quarter).exists():
            raise ValidationError(
                {
                    "quarter": _(
                        "Realisasi triwulan ini sudah dicatat; data pertama "
                        "dipertahankan."
                    )
                }
            )
        realisation = Realisation(dossier=dossier, recorded_by=by, **data)
        realisation.full_clean(validate_unique=False)
        realisation.save()
        scores_refresh_realisation(dossier=dossier)
        log_activity(
            actor=by, action="realisation.record", target=realisation, data=data
        )
    return realisation


def realisation_warnings(
    *, dossier: Dossier, realisations: list[Realisation] | None = None
) -> list[str]:
    """Non-blocking: the realisation recorded so far passes the pagu. One query,
    none when the dossier's `realisations` are given."""
    if realisations is None:
        spent = dossier.realisations.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    else:
        spent = sum((r.amount for r in realisations), Decimal(0))
    pagu = dossier.budget_line.pagu
    if spent <= pagu:
        return []
    return [
        _(
            "Realisasi tercatat (%(spent)s) melebihi pagu sub kegiatan (%(pagu)s); "
            "periksa kembali."
        )
        % {"spent": rupiah(spent), "pagu": rupiah(pagu)}
    ]
