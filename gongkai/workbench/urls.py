"""The landing page of every role (/work/)."""
from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
]
