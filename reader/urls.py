"""The reader's URLs: a paper's reader page, its notes (JSON), "My notes", the annotated PDF."""

from django.urls import path

from . import views

app_name = "reader"

urlpatterns = [
    path("reader/papers/<int:paper_id>/", views.paper_reader, name="paper"),
    path(
        "reader/papers/<int:paper_id>/v<int:version_number>/",
        views.paper_reader,
        name="paper_version",
    ),
    path("reader/papers/<int:paper_id>/notes/", views.paper_notes, name="paper_notes"),
    path(
        "reader/papers/<int:paper_id>/with-my-notes.pdf",
        views.paper_notes_pdf,
        name="paper_notes_pdf",
    ),
    path("reader/notes/<int:note_id>/", views.note, name="note"),
    path("notes/", views.my_notes, name="my_notes"),
]
