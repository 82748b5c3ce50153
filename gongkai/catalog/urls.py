from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_create, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/interpretation/new/", views.interpretation_new, name="interpretation_new"),
    path("items/<int:pk>/submit/", views.item_submit, name="item_submit"),
    path("items/<int:pk>/approve/", views.item_approve, name="item_approve"),
    path("items/<int:pk>/reject/", views.item_reject, name="item_reject"),
    path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/repeal/", views.item_repeal, name="item_repeal"),
    path("items/<int:pk>/channel/", views.item_channel, name="item_channel"),
    path("items/<int:pk>/mask/", views.item_mask, name="item_mask"),
    path("items/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("items/<int:pk>/notice.pdf", views.notice_sheet, name="notice_sheet"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
