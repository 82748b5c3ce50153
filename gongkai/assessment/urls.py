from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.scheme_new, name="scheme_new"),
    path("trend/", views.trend, name="trend"),
    path("<int:pk>/", views.ranking, name="ranking"),
    path("<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("<int:pk>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("<int:pk>/units/<int:unit_pk>/", views.scorecard, name="scorecard"),
    path("<int:pk>/units/<int:unit_pk>/adjust/", views.adjust, name="adjust"),
    path("<int:pk>/units/<int:unit_pk>/scorecard.pdf", views.scorecard_pdf, name="scorecard_pdf"),
]
