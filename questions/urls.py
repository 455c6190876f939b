"""Questions' URLs: a meeting's questions, answering, taking at the meeting, presenter contacts."""

from django.urls import path

from . import views

app_name = "questions"

MEETING = "meetings/<str:committee>/<int:number>/questions/"
QUESTION = "questions/<int:question_id>/"

urlpatterns = [
    path(MEETING, views.meeting_questions, name="meeting_questions"),
    path(MEETING + "ask/", views.ask_form, name="ask_form"),
    path(MEETING + "presenters/", views.presenter_contacts, name="presenter_contacts"),
    path("questions/awaiting/", views.awaiting_answers, name="awaiting_answers"),
    path(QUESTION + "answer/", views.question_answer, name="question_answer"),
    path(QUESTION + "taken/", views.question_taken, name="question_taken"),
    path(QUESTION + "level/", views.question_level, name="question_level"),
]
