from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("gongkai.units.urls")),
    path("work/", include("gongkai.catalog.urls")),
    path("", include("gongkai.portal.urls")),
]
