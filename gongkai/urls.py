from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from gongkai.api.views import api

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("favicon.ico"), permanent=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("gongkai.security.account_urls")),
    path("manage/system/calendar/", include("gongkai.workbench.calendar_urls")),
    path("manage/", include("gongkai.security.urls")),
    path("work/applications/", include("gongkai.applications.urls")),
    path("work/disputes/", include("gongkai.disputes.urls")),
    path("work/reports/", include("gongkai.reports.urls")),
    path("work/watch/", include("gongkai.watch.urls")),
    path("work/sitereports/", include("gongkai.sitereports.urls")),  # sitereports
    path("site-reports/", include("gongkai.sitereports.public_urls")),  # sitereports
    path("work/siteimport/", include("gongkai.siteimport.urls")),  # siteimport
    path("work/consult/", include("gongkai.consult.urls")),  # consult
    path("work/duties/", include("gongkai.duties.urls")),
    path("work/assessment/", include("gongkai.assessment.urls")),
    path("work/workplan/", include("gongkai.workplan.urls")),
    path("demo-site/", include("gongkai.watch.demo_site")),
    path("work/", include("gongkai.workbench.urls")),  # the landing page of every role
    path("work/", include("gongkai.catalog.urls")),
    path("apply/", include("gongkai.applications.public_urls")),
    path("consult/", include("gongkai.consult.public_urls")),  # consult
    path("", include("gongkai.ops.urls")),  # /healthz, /readyz, /metrics
    path("", include("gongkai.portal.urls")),
]
