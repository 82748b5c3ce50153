"""The 三员 consoles (GB/T 22239-2019 8.1.5): each administrator works only through its own."""
from django.urls import include, path

app_name = "manage"
urlpatterns = [
    path("system/", include("gongkai.security.system.urls")),
    path("security/roles/", include("gongkai.security.roles.urls")),
    path("security/labels/", include("gongkai.security.labels.urls")),
    path("security/", include("gongkai.security.policy.urls")),
    path("audit/", include("gongkai.security.auditlog.urls")),
]
