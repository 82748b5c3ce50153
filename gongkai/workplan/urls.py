"""Workbench routes, mounted at /work/workplan/."""
from django.urls import path

from . import views

app_name = "workplan"
urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("issued/", views.issued, name="issued"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/evidence/", views.submit, name="submit"),
    path("tasks/<int:pk>/break-down/", views.break_down, name="break_down"),
    path("tasks/<int:pk>/accept/", views.accept, name="accept"),
    path("tasks/<int:pk>/return/", views.return_task, name="return"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
]
