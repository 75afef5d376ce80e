from django import template
from django.template.defaultfilters import date as date_filter

from pug_portal import formats
from pug_portal.permissions import user_has_perm

register = template.Library()


@register.filter
def can(user, perm: str) -> bool:
    """`{% if request.user|can:"units:manage" %}` — the same names the views check."""
    return user_has_perm(user, perm)


@register.filter(expects_localtime=True, is_safe=False)
def tanggal(value) -> str:
    """Django's `date` filter in the active language's DATE_FORMAT."""
    return date_filter(value)


@register.filter
def rupiah(value) -> str:
    """`{{ line.pagu|rupiah }}` → "Rp 1.250.000" in the active language."""
    return formats.rupiah(value)
