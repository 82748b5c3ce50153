from django.urls import path

from . import views

app_name = "watch"
urlpatterns = [
    path("", views.index, name="index"),
    path("sites/new/", views.site_new, name="site_new"),
    path("sites/<int:pk>/", views.site_detail, name="site"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/check/", views.check_now, name="check"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/fixed/", views.mark_fixed, name="fixed"),
]
