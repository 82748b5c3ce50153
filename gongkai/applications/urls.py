"""Workbench routes, mounted at /work/applications/."""
from django.urls import path

from .ledger import export_views, full_export_views, import_views, statistics_views
from .handling import queue_views, views
from .intake import counter_views

app_name = "applications"
urlpatterns = [
    path("", queue_views.application_list, name="list"),
    path("export.<slug:fmt>", export_views.export, name="export"),
    path("full-export/", full_export_views.requests_page, name="full_exports"),
    path("full-export/<int:pk>/approve/", full_export_views.approve, name="full_export_approve"),
    path("full-export/<int:pk>/download.xlsx", full_export_views.download, name="full_export_download"),
    path("assign/", queue_views.bulk_assign, name="bulk_assign"),
    path("<int:pk>/take/", queue_views.take, name="take"),
    path("statistics/", statistics_views.statistics_page, name="statistics"),
    path("statistics.xlsx", statistics_views.statistics_xlsx, name="statistics_xlsx"),
    path("new/", counter_views.register, name="register"),
    path("import/", import_views.upload, name="import"),
    path("import/confirm/", import_views.confirm, name="import_confirm"),
    path("import/template.xlsx", import_views.template, name="import_template"),
    path("new/done/", counter_views.registered, name="registered"),
    path("new/receipt.pdf", counter_views.registered_receipt, name="registered_receipt"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("find/", queue_views.find_applicant, name="find"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:pk>/supplement/", views.request_supplement, name="request_supplement"),
    path("<int:pk>/supplemented/", views.receive_supplement, name="receive_supplement"),
    path("<int:pk>/pauses/", views.start_pause, name="start_pause"),
    path("<int:pk>/pauses/<int:pause_pk>/end/", views.end_pause, name="end_pause"),
    path("<int:pk>/extension/", views.request_extension, name="request_extension"),
    path("<int:pk>/extension/approve/", views.approve_extension, name="approve_extension"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/letters/<slug:slug>.<slug:fmt>", views.letter, name="letter"),
    path("<int:pk>/letters/<slug:slug>/issue/", views.issue_letter, name="letter_issue"),
    path("<int:pk>/fee/", views.issue_fee, name="issue_fee"),
    path("<int:pk>/fee/received/", views.fee_received, name="fee_received"),
    path("<int:pk>/fee/paid/", views.fee_paid, name="fee_paid"),
    path("<int:pk>/deliveries/", views.record_delivery, name="record_delivery"),
    path("<int:pk>/deliveries/<int:delivery_pk>/confirm/", views.confirm_delivery, name="confirm_delivery"),
]
