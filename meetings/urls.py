"""Meetings' URLs: the calendar and meeting pages, papers, the agenda builder, the minutes."""

from django.urls import path

from .views import agenda, approval, calendar, minutes, papers

app_name = "meetings"

MEETING = "meetings/<str:committee>/<int:number>/"
AGENDA = MEETING + "agenda/"
ITEM = MEETING + "minutes/items/<int:item_id>/"

urlpatterns = [
    path("", calendar.home, name="home"),
    path(MEETING, calendar.meeting_detail, name="meeting_detail"),
    path("papers/<int:paper_id>/", papers.paper_download, name="paper_download"),
    path("papers/<int:paper_id>/readers/", papers.paper_readers, name="paper_readers"),
    path(
        "papers/<int:paper_id>/v<int:version_number>/",
        papers.paper_download,
        name="paper_version_download",
    ),
    path("manage/meetings/", agenda.meeting_list, name="manage_meetings"),
    path("manage/meetings/new/", agenda.meeting_create, name="meeting_create"),
    path(AGENDA, agenda.agenda_builder, name="agenda_builder"),
    path(AGENDA + "items/", agenda.agenda_item_add, name="agenda_item_add"),
    path(AGENDA + "items/<int:item_id>/", agenda.agenda_item_edit, name="agenda_item_edit"),
    path(
        AGENDA + "items/<int:item_id>/delete/",
        agenda.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        AGENDA + "items/<int:item_id>/up/",
        agenda.agenda_item_move,
        {"direction": "up"},
        name="agenda_item_up",
    ),
    path(
        AGENDA + "items/<int:item_id>/down/",
        agenda.agenda_item_move,
        {"direction": "down"},
        name="agenda_item_down",
    ),
    path(AGENDA + "reorder/", agenda.agenda_reorder, name="agenda_reorder"),
    path(AGENDA + "copy/", agenda.agenda_copy, name="agenda_copy"),
    path(AGENDA + "preview/", agenda.agenda_preview, name="agenda_preview"),
    path(AGENDA + "publish/", agenda.agenda_publish, name="agenda_publish"),
    path(AGENDA + "held/", agenda.meeting_mark_held, name="meeting_mark_held"),
    path(AGENDA + "attendees/", agenda.attendance_add, name="attendance_add"),
    path(
        AGENDA + "attendees/<int:user_id>/remove/",
        agenda.attendance_remove,
        name="attendance_remove",
    ),
    path(AGENDA + "items/<int:item_id>/recusals/", agenda.recusal_add, name="recusal_add"),
    path(
        AGENDA + "items/<int:item_id>/recusals/<int:user_id>/remove/",
        agenda.recusal_remove,
        name="recusal_remove",
    ),
    path(AGENDA + "items/<int:item_id>/papers/", papers.paper_add, name="paper_add"),
    path(AGENDA + "papers/<int:paper_id>/replace/", papers.paper_replace, name="paper_replace"),
    path(AGENDA + "papers/<int:paper_id>/withdraw/", papers.paper_withdraw, name="paper_withdraw"),
    path(
        "papers/<int:paper_id>/v<int:version_number>/withdraw/",
        papers.paper_version_withdraw,
        name="paper_version_withdraw",
    ),
    path(MEETING + "minutes/", minutes.minutes_edit, name="minutes_edit"),
    path(MEETING + "minutes/circulate/", minutes.minutes_circulate, name="minutes_circulate"),
    path(MEETING + "minutes/approve/", approval.minutes_approve, name="minutes_approve"),
    path(ITEM, minutes.minutes_item_save, name="minutes_item_save"),
    path(ITEM + "state/", minutes.minutes_item_state, name="minutes_item_state"),
    path(ITEM + "decisions/", minutes.decision_record, name="minutes_decision_record"),
    path(
        ITEM + "decisions/outcomes/",
        minutes.decision_outcomes,
        name="minutes_decision_outcomes",
    ),
    path(ITEM + "actions/", minutes.action_raise, name="minutes_action_raise"),
    path(MEETING + "minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
]
