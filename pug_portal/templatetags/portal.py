from django import template

from pug_portal import activity, formats
from pug_portal.nip import format_nip
from pug_portal.permissions import user_has_perm

register = template.Library()


@register.filter
def can(user, perm: str) -> bool:
    """`{% if request.user|can:"units:manage" %}` — the same names the views check."""
    return user_has_perm(user, perm)


@register.filter
def rupiah(value) -> str:
    """`{{ line.pagu|rupiah }}` → "Rp 1.250.000" in the active language."""
    return formats.rupiah(value)


@register.filter
def file_basename(name) -> str:
    """`decrees/2026/03/sk-12.pdf` → `sk-12.pdf`: a stored file's name as a reader
    knows it, without the storage folders."""
    return str(name or "").rsplit("/", 1)[-1]


@register.filter
def log_lines(entries) -> list:
    """The activity log as lines: human labels, a run of autosaves as one line."""
    return activity.log_lines(entries)


@register.filter(name="nip")
def nip_filter(value) -> str:
    """A NIP grouped as officials print it: 19680512 199703 2 004."""
    return format_nip(value)
