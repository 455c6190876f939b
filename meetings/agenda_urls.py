from django.urls import path

from . import agenda_views as views

meeting = "meetings/<str:committee>/<int:number>/agenda/"

urlpatterns = [
    path("manage/meetings/", views.meeting_list, name="manage_meetings"),
    path("manage/meetings/new/", views.meeting_create, name="meeting_create"),
    path(meeting, views.agenda_builder, name="agenda_builder"),
    path(meeting + "items/", views.agenda_item_add, name="agenda_item_add"),
    path(meeting + "items/<int:item_id>/", views.agenda_item_edit, name="agenda_item_edit"),
    path(
        meeting + "items/<int:item_id>/delete/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        meeting + "items/<int:item_id>/up/",
        views.agenda_item_move,
        {"direction": "up"},
        name="agenda_item_up",
    ),
    path(
        meeting + "items/<int:item_id>/down/",
        views.agenda_item_move,
        {"direction": "down"},
        name="agenda_item_down",
    ),
    path(meeting + "reorder/", views.agenda_reorder, name="agenda_reorder"),
    path(meeting + "copy/", views.agenda_copy, name="agenda_copy"),
    path(meeting + "preview/", views.agenda_preview, name="agenda_preview"),
    path(meeting + "publish/", views.agenda_publish, name="agenda_publish"),
    path(meeting + "held/", views.meeting_mark_held, name="meeting_mark_held"),
    path(meeting + "attendees/", views.attendance_add, name="attendance_add"),
    path(
        meeting + "attendees/<int:user_id>/remove/",
        views.attendance_remove,
        name="attendance_remove",
    ),
    path(meeting + "items/<int:item_id>/recusals/", views.recusal_add, name="recusal_add"),
    path(
        meeting + "items/<int:item_id>/recusals/<int:user_id>/remove/",
        views.recusal_remove,
        name="recusal_remove",
    ),
    path(meeting + "items/<int:item_id>/papers/", views.paper_add, name="paper_add"),
    path(meeting + "papers/<int:paper_id>/replace/", views.paper_replace, name="paper_replace"),
    path(meeting + "papers/<int:paper_id>/withdraw/", views.paper_withdraw, name="paper_withdraw"),
    path(
        "papers/<int:paper_id>/v<int:version_number>/withdraw/",
        views.paper_version_withdraw,
        name="paper_version_withdraw",
    ),
]
