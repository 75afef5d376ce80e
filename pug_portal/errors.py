"""The 403, 404 and 500 pages: the portal's layout in the reader's language (the
locale middleware has activated it before the view ran), with a way back — home, the
page the user came from, the list above the address — and, for a 403, the roles that
may do what was refused. The 500 page is rendered without the request's context
processors, so it needs neither the database nor the session: they may be what
failed."""

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import Resolver404, resolve, reverse

from pug_portal.permissions import MissingPermission
from pug_portal.views import same_site_path


def permission_denied(request: HttpRequest, exception: Exception):
    roles = exception.roles() if isinstance(exception, MissingPermission) else []
    context = {"roles": roles, **way_back(request)}
    html = loader.render_to_string("errors/403.html", context, request)
    return HttpResponseForbidden(html)


def page_not_found(request: HttpRequest, exception: Exception):
    html = loader.render_to_string("errors/404.html", way_back(request), request)
    return HttpResponseNotFound(html)


def server_error(request: HttpRequest):
    context = {
        "PUG_INSTITUTION_NAME": settings.PUG_INSTITUTION_NAME,
        "PUG_CITY_NAME": settings.PUG_CITY_NAME,
        "PUG_PORTAL_NAME": settings.PUG_PORTAL_NAME,
        **way_back(request),
    }
    # No `request`: no context processor runs (no user, session or messages).
    html = loader.render_to_string("errors/500.html", context)
    return HttpResponseServerError(html)


def way_back(request: HttpRequest) -> dict[str, str]:
    """Links back: `home`; `previous`, the page the user came from on this site;
    `list_url`, the nearest page above the address that exists (a dossier's 404 →
    the dossier list). No database access."""
    links = {"home": reverse("evaluations:home"), "previous": "", "list_url": ""}
    try:
        path = request.path
        referer = request.META.get("HTTP_REFERER", "")
        host_prefix = f"{request.scheme}://{request.get_host()}"
        previous = same_site_path(referer.removeprefix(host_prefix))
        if previous.split("?")[0] != path:
            links["previous"] = previous
        links["list_url"] = _list_above(path)
    except Exception:  # noqa: BLE001 - an error page must render whatever failed
        pass
    return links


def _list_above(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    while parts:
        parts.pop()
        candidate = "/" + "/".join(parts) + "/" if parts else ""
        if not candidate:
            break
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return ""
