"""Workbench routes, mounted at /work/disputes/."""
from django.urls import path

from . import views

app_name = "disputes"
urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("new/<int:application_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
]
