from django import template

from evaluations.workflow import STATUS_ICONS, Status

register = template.Library()


@register.filter
def status_style(status: str) -> tuple[str, str]:
    """(icon class, bootstrap colour) of a workflow status."""
    return STATUS_ICONS.get(status, ("bi-question-circle", "secondary"))


@register.filter
def status_label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:
        return status


@register.filter
def extra_cells(columns: list, unit_id: int) -> list:
    """The cells of the compliance board's added columns for one unit
    (evaluations.extensions.board_columns: [(label, {unit id: Cell})])."""
    return [cells.get(unit_id) for _label, cells in columns]
