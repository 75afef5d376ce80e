from django import template

register = template.Library()


@register.filter
def in_force(decree, on) -> bool:
    """`{{ decree|in_force:today }}` — is the SK in force on that day."""
    return decree.is_in_force(on)
