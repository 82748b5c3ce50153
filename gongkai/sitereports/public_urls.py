"""Portal routes, mounted at /site-reports/: the 政府网站工作年度报表 column."""
from django.urls import path

from . import views

app_name = "sitereports_public"
urlpatterns = [
    path("", views.portal_list, name="list"),
    path("<int:pk>/", views.portal_detail, name="detail"),
    path("<int:pk>.<slug:fmt>", views.portal_output, name="output"),
]
