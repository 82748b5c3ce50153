"""安全标记 console: policy, clearances, object labels (安全管理员)."""
from django.urls import path

from . import views

app_name = "labels"
urlpatterns = [
    path("", views.index, name="index"),
    path("users/<int:pk>/clearance/", views.clearance, name="clearance"),
    path("objects/", views.label, name="label"),
]
