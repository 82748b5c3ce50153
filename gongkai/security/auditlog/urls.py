"""审计管理员's console (/manage/audit/)."""
from django.urls import path

from . import views

app_name = "auditlog"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("export.jsonl", views.export, {"fmt": "jsonl"}, name="export_jsonl"),
    path("verify/", views.verify, name="verify"),
    path("reports/<slug:key>/", views.report, name="report"),
    path("events/<int:pk>/", views.event, name="event"),  # alerts: an event and its follow-up notes
    path("events/<int:pk>/notes/", views.add_note, name="add_note"),
]
