from django.urls import path

from . import views

app_name = "siteimport"

urlpatterns = [
    path("", views.index, name="index"),
    path("report.xlsx", views.report, name="report"),
    path("confirm/", views.confirm, name="confirm"),
    path("discard/", views.discard, name="discard"),
]
