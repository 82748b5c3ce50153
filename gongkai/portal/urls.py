from django.urls import path

from gongkai.catalog.models import Scheme

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide, name="guide"),
    path("rules/", views.rules, name="rules"),
    path("statutory/", views.scheme_index, {"scheme": Scheme.STATUTORY}, name="statutory"),
    path("statutory/<int:pk>/", views.scheme_detail, {"scheme": Scheme.STATUTORY}, name="statutory_detail"),
    path("domains/", views.scheme_index, {"scheme": Scheme.DOMAIN}, name="domains"),
    path("domains/<int:pk>/", views.scheme_detail, {"scheme": Scheme.DOMAIN}, name="domain_detail"),
    path("catalog/", views.catalog, name="catalog"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("index/<path:index_no>", views.item_by_index_no, name="item_by_index_no"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("search/", views.search, name="search"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>.<slug:fmt>", views.report_output, name="report_output"),
    path("apply/", views.apply, name="apply"),
]
