"""Workbench routes, mounted at /work/duties/."""
from django.urls import path

from . import views

app_name = "duties"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_pk>/", views.unit_page, name="unit"),
    path("<int:unit_pk>/transfer/", views.transfer, name="transfer"),
    path("<int:unit_pk>/group/", views.group_add, name="group_add"),
    path("<int:unit_pk>/group/<int:pk>/end/", views.group_end, name="group_end"),
    path("<int:unit_pk>/signoffs/", views.signoffs, name="signoffs"),
    path("<int:unit_pk>/signoffs/sign/", views.sign, name="sign"),
    path("<int:unit_pk>/training/", views.training, name="training"),
    path("<int:unit_pk>/training/new/", views.session_add, name="session_add"),
    path("<int:unit_pk>/training/<int:pk>/materials/", views.materials, name="materials"),
    path("<int:unit_pk>/reserve/", views.reserve_add, name="reserve_add"),
    path("<int:unit_pk>/reserve/<int:pk>/remove/", views.reserve_remove, name="reserve_remove"),
]
