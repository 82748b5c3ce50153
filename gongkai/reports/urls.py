"""Workbench routes, mounted at /work/reports/."""
from django.urls import path
from django.views.generic import RedirectView

from . import inspection_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("build/", views.build, name="build"),
    path("archive/", views.archive, name="archive"),
    path("rollup/", views.rollup_view, name="rollup"),
    path("inspect/", inspection_views.inspect_page, name="inspect"),
    # the page's path before 审查 was called inspection: bookmarks still arrive
    path("audit/", RedirectView.as_view(pattern_name="reports:inspect", permanent=True), name="inspect_old_path"),
    path("figures/<int:year>/", views.figures, name="figures"),
    path("figures/import/", views.figures_import, name="figures_import"),
    path("figures/template.xlsx", views.figures_template, name="figures_template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/narrative/", views.save_narrative, name="narrative"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/return/", views.return_to_draft, name="return"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("<int:pk>/archive-file", views.archive_download, name="archive_file"),
    path("<int:pk>.<slug:fmt>", views.output, name="output"),
]
