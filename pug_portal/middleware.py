from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose another language (the language cookie set by
    the footer's switcher). The browser's Accept-Language is ignored on purpose: many
    officials use English-language browsers, but the portal's working language — and
    that of the official documents — is Indonesian."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# The request being answered, for links in the mail it causes (see absolute_url).
_current_request: ContextVar[HttpRequest | None] = ContextVar(
    "pug_current_request", default=None
)
# Links from mail sent outside any request (cron reminders) when PUG_BASE_URL is unset.
FALLBACK_BASE_URL = "http://127.0.0.1:8000"


class RequestBaseUrlMiddleware:
    """Remember the request being answered so that mail it causes (an invitation, a
    workflow notice, sent from a service after the commit) links back to the address
    the user reached the portal at, when PUG_BASE_URL does not name one. Services
    take `by`, not the request, so the request travels in a context variable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def absolute_url(path: str) -> str:
    """`path` as an absolute link for e-mail: under PUG_BASE_URL when set, else under
    the scheme and host of the request that caused the mail, else the development
    address."""
    base = settings.PUG_BASE_URL
    request = _current_request.get()
    if not base and request is not None:
        base = request.build_absolute_uri("/")
    return (base or FALLBACK_BASE_URL).rstrip("/") + path
