"""Import of the unit registry from CSV/XLSX, idempotent by short name."""

from django.db import transaction
from django.utils.translation import gettext as _

from focal_points.models import Unit, UnitType
from pug_portal.activity import log_activity
from pug_portal.importing import ImportResult, RowError
from pug_portal.models import User

UNIT_COLUMNS = ["short_name", "name", "unit_type"]
_TRUE = {"1", "ya", "y", "true", "x"}
_FALSE = {"", "0", "tidak", "n", "false"}


def _flag(value: str, line: int, column: str, errors: list[RowError]) -> bool:
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        errors.append(RowError(line, column, _("isi dengan 1 atau 0")))
    return False


def import_units(
    rows: list[tuple[int, dict[str, str]]], *, by: User | None = None
) -> ImportResult:
    """Create or update units from rows; nothing is written when any row is bad."""
    result = ImportResult()
    wanted: dict[str, dict] = {}
    lines: dict[str, int] = {}
    parents: dict[str, str] = {}
    for line, row in rows:
        short_name = row.get("short_name", "")
        if not short_name:
            result.errors.append(RowError(line, "short_name", _("wajib diisi")))
            continue
        if short_name.lower() in {k.lower() for k in wanted}:
            result.errors.append(
                RowError(
                    line, "short_name", _("%(s)s muncul dua kali") % {"s": short_name}
                )
            )
            continue
        if not row.get("name"):
            result.errors.append(RowError(line, "name", _("wajib diisi")))
        unit_type = row.get("unit_type", "").upper()
        if unit_type not in UnitType.values:
            result.errors.append(
                RowError(
                    line,
                    "unit_type",
                    _("jenis %(t)s tidak dikenal (pilihan: %(choices)s)")
                    % {
                        "t": row.get("unit_type", ""),
                        "choices": ", ".join(UnitType.values),
                    },
                )
            )
        fields = {
            "name": row.get("name", ""),
            "unit_type": unit_type,
            "is_coordinator": _flag(
                row.get("is_coordinator", ""), line, "is_coordinator", result.errors
            ),
            "is_planning_agency": _flag(
                row.get("is_planning_agency", ""),
                line,
                "is_planning_agency",
                result.errors,
            ),
        }
        if "code" in row:
            fields["code"] = row["code"]
        if "note" in row:
            fields["note"] = row["note"]
        wanted[short_name] = fields
        if parent := row.get("parent_short_name", ""):
            parents[short_name] = parent
        parents.setdefault(short_name, "")
        lines[short_name] = line

    existing = {
        u.short_name: u
        for u in Unit.objects.filter(short_name__in=[*wanted, *parents.values()])
    }
    for short_name, parent in parents.items():
        if parent and parent not in wanted and parent not in existing:
            result.errors.append(
                RowError(
                    lines[short_name],
                    "parent_short_name",
                    _("induk %(p)s tidak dikenal") % {"p": parent},
                )
            )
    if result.errors:
        result.errors.sort(key=lambda e: e.row)
        return result

    with transaction.atomic():
        units: dict[str, Unit] = dict(existing)
        created = set()
        for short_name, fields in wanted.items():
            if short_name not in units:
                units[short_name] = Unit.objects.create(short_name=short_name, **fields)
                created.add(short_name)
        # Parents once every unit exists, so a row may name a parent listed after it.
        for short_name, fields in wanted.items():
            unit = units[short_name]
            parent_name = parents[short_name]
            target = {
                **fields,
                "parent_id": units[parent_name].pk if parent_name else None,
            }
            changes = {k: v for k, v in target.items() if getattr(unit, k) != v}
            if changes:
                for key, value in changes.items():
                    setattr(unit, key, value)
                unit.save(update_fields=list(changes))
            if short_name in created:
                result.created += 1
                log_activity(actor=by, action="unit.import", target=unit)
            elif changes:
                result.updated += 1
                log_activity(actor=by, action="unit.import", target=unit, data=changes)
            else:
                result.unchanged += 1
    return result
