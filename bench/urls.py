"""The portal's URLs plus /bench/bare/: the floor of the HTTP benchmark, a view
that does nothing, served by the same gunicorn through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from pug_portal.urls import urlpatterns as portal_urls


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urls]
