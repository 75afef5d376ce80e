from django.conf import settings


def portal(request):
    return {
        "PUG_INSTITUTION_NAME": settings.PUG_INSTITUTION_NAME,
        "PUG_CITY_NAME": settings.PUG_CITY_NAME,
        "PUG_PORTAL_NAME": settings.PUG_PORTAL_NAME,
    }
