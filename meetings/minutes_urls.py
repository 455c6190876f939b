from django.urls import path

from . import minutes_views as views

MEETING = "meetings/<str:committee>/<int:number>/"
ITEM = MEETING + "minutes/items/<int:item_id>/"

urlpatterns = [
    path(MEETING + "minutes/", views.minutes_edit, name="minutes_edit"),
    path(MEETING + "minutes/circulate/", views.minutes_circulate, name="minutes_circulate"),
    path(MEETING + "minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path(ITEM, views.minutes_item_save, name="minutes_item_save"),
    path(ITEM + "state/", views.minutes_item_state, name="minutes_item_state"),
    path(ITEM + "decisions/", views.decision_record, name="minutes_decision_record"),
    path(ITEM + "actions/", views.action_raise, name="minutes_action_raise"),
    path(MEETING + "minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
