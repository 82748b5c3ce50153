"""Workbench routes, mounted at /work/sitereports/."""
from django.urls import path

from . import views

app_name = "sitereports"
urlpatterns = [
    path("", views.index, name="index"),
    path("build/", views.build, name="build"),
    path("sites/<int:site_pk>/registration/", views.register, name="register"),
    path("import/", views.figures_import, name="import"),
    path("import/template.xlsx", views.figures_template, name="import_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_to_draft, name="return"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/filed/", views.file_nationally, name="filed"),
    path("<int:pk>.<slug:fmt>", views.output, name="output"),
]
