"""工作日历 → 节假日安排 under the system console (the namespace stays ``workdays``)."""
from django.urls import path

from . import calendar_views as views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
]
