"""Workbench routes of 政务咨询, mounted at /work/consult/."""
from django.urls import path

from . import views

app_name = "consult"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("settings/", views.settings, name="settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/convert/", views.convert, name="convert"),
]
