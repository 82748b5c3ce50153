"""Public routes of 政务咨询, mounted at /consult/."""
from django.urls import path

from . import public_views

app_name = "consult_public"
urlpatterns = [
    path("", public_views.published_list, name="list"),
    path("<int:pk>/", public_views.published_detail, name="detail"),
    path("faq/", public_views.faq, name="faq"),
    path("ask/", public_views.ask, name="ask"),
    path("ask/done/", public_views.done, name="done"),
    path("lookup/", public_views.lookup, name="lookup"),
]
