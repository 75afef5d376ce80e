from django import template

from pug_portal import formatting
from pug_portal.permissions import user_has_perm

register = template.Library()


@register.filter
def can(user, perm: str) -> bool:
    """`{% if request.user|can:"units:manage" %}` — the same names the views check."""
    return user_has_perm(user, perm)


@register.filter
def tanggal(value) -> str:
    return formatting.tanggal(value)


@register.filter
def rupiah(value) -> str:
    return formatting.rupiah(value)


@register.filter
def ribuan(value) -> str:
    return formatting.thousands(value)
