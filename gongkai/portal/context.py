from django.conf import settings


def site(request):
    return {"site_name": settings.GONGKAI_SITE_NAME}
