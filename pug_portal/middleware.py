import ipaddress
import time
from contextvars import ContextVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _


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


class TrustedProxyMiddleware:
    """The client's real address in REMOTE_ADDR, for everything that reads it (the
    login lockout above all). Behind TRUSTED_PROXY_COUNT reverse proxies that each
    append the address they received from to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for), the client is that many entries from the right;
    entries further left were written by the client and are not believed. With no
    proxy configured (0, the default) the header is ignored altogether, so nobody
    can choose the address they are locked out under."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if count := settings.TRUSTED_PROXY_COUNT:
            address = client_address(
                request.META.get("HTTP_X_FORWARDED_FOR", ""), count
            )
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


def client_address(forwarded_for: str, proxies: int) -> str | None:
    """The address `proxies` entries from the right of an X-Forwarded-For value, or
    None when the header is shorter (a request that bypassed a proxy) or the entry
    is not an IP address."""
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < proxies:
        return None
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return None


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: when the login began and was last seen, written with the
    login's own session save (not by the first page's request)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session["_login_at"] = request.session["_seen_at"] = now


class SessionLifetimeMiddleware:
    """Ends a login after SESSION_IDLE_TIMEOUT without a request, and in any case
    SESSION_ABSOLUTE_AGE after it began (the session cookie's own age is refreshed
    whenever the session is saved, so it cannot bound a login by itself). The time
    of the last request is written at most once a minute, not on every request."""

    TOUCH_EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            began = session.setdefault("_login_at", now)
            seen = session.get("_seen_at", began)
            if (
                now - seen > settings.SESSION_IDLE_TIMEOUT
                or now - began > settings.SESSION_ABSOLUTE_AGE
            ):
                logout(request)
                if request.headers.get("HX-Request") == "true":
                    # An autosave or a progress poll: the login page would be
                    # swapped into the page, and a redirect would lose what was
                    # typed. Say so where the answer goes instead.
                    return HttpResponse(
                        format_html(
                            '<span class="text-danger-emphasis" role="alert">{}</span>',
                            _(
                                "Sesi Anda telah berakhir: isian terakhir belum "
                                "tersimpan. Salin isian Anda, lalu masuk lagi."
                            ),
                        )
                    )
                messages.info(
                    request,
                    _("Sesi Anda telah berakhir. Silakan masuk lagi."),
                )
            elif now - seen >= self.TOUCH_EVERY or "_seen_at" not in session:
                session["_seen_at"] = now
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages and files shown to a signed-in user are never stored by a browser or a
    proxy cache (a shared computer's back button, a proxy serving one official's
    page to another): Cache-Control: no-store, private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replaces whatever a view allowed: no-store supersedes it anyway.
            response.headers["Cache-Control"] = "no-store, private"
        return response
