"""The secretariat builds an agenda in a real browser; a member then reads it."""

import pytest

from classification.levels import Level
from meetings.demo import text_pdf
from tests.factories import CommitteeFactory, UserFactory

from .accessibility import assert_accessible, open_every_details
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _add_item(page, number, title, level):
    form = page.locator("#add-item")
    form.get_by_label("Title").fill(title)
    form.get_by_label("Classification").select_option(label=level)
    if level in ("AMBER", "RED"):
        form.get_by_label("Restriction reason").fill("Discusses unpatched systems")
        form.get_by_label("Review date").fill("2099-01-01")
    form.get_by_role("button", name="Add the item").click()
    page.locator("#agenda-messages").get_by_text(f"Item {number} added.").wait_for()


def test_the_secretariat_builds_reorders_and_publishes_an_agenda(new_page, artefacts, tmp_path):
    CommitteeFactory()
    UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True, is_staff=True)
    UserFactory(username="member", clearance=Level.AMBER)
    paper = tmp_path / "options.pdf"
    paper.write_bytes(text_pdf(["Options for Shared Resources"]))

    secretariat = new_page()
    sign_in(secretariat, "sec")
    secretariat.goto("/manage/meetings/new/")
    secretariat.get_by_label("Committee").select_option(index=1)
    secretariat.get_by_label("Number").fill("95")
    secretariat.get_by_label("Date").fill("2020-03-11")
    secretariat.get_by_role("button", name="Create the meeting").click()
    secretariat.wait_for_url("**/meetings/SSC/95/agenda/")
    assert_accessible(secretariat, "the empty agenda builder")

    _add_item(secretariat, 1, "Shared Resources", "AMBER")
    _add_item(secretariat, 2, "SEC Modification Updates", "WHITE")
    _add_item(secretariat, 3, "Internet-Connected Devices", "GREEN")
    open_every_details(secretariat)
    assert_accessible(secretariat, "the builder with three items, their details open")
    secretariat.locator(".builder-item", has_text="Shared Resources").get_by_role(
        "button", name="Edit"
    ).click()
    secretariat.get_by_role("button", name="Save item 1").wait_for()
    assert_accessible(secretariat, "the builder with an item's edit form loaded")
    secretariat.reload()

    third = secretariat.locator(".builder-item", has_text="Internet-Connected Devices")
    first = secretariat.locator(".builder-item", has_text="Shared Resources")
    third.drag_to(first, target_position={"x": 40, "y": 3})
    secretariat.locator("#agenda-messages").get_by_text("New order saved.").wait_for()
    titles = secretariat.locator(".builder-item .title").all_inner_texts()
    assert titles == ["Internet-Connected Devices", "Shared Resources", "SEC Modification Updates"]

    item = secretariat.locator(".builder-item", has_text="Shared Resources")
    item.locator("summary").click()
    upload = item.locator("form.paper-upload")
    upload.get_by_label("Title").fill("Options paper")
    upload.get_by_label("PDF").set_input_files(paper)
    upload.get_by_role("button", name="Upload paper").click()
    secretariat.locator("#agenda-messages").get_by_text("Paper added to item 2.").wait_for()
    secretariat.screenshot(path=artefacts / "agenda-builder.png", full_page=True)
    open_every_details(secretariat)
    assert_accessible(secretariat, "the builder after the upload, details open")

    secretariat.get_by_role("button", name="Publish the agenda and papers").click()
    secretariat.get_by_text("Agenda and papers published").wait_for()
    assert_accessible(secretariat, "the published agenda")

    reader = new_page()
    sign_in(reader, "member")
    reader.goto("/meetings/SSC/95/")
    headings = reader.locator(".agenda .item h3").all_inner_texts()
    assert [h.split(" ")[0] + " " + h.split(" ", 1)[1].rsplit(" ", 1)[0] for h in headings] == [
        "1. Internet-Connected Devices",
        "2. Shared Resources",
        "3. SEC Modification Updates",
    ]
    assert reader.get_by_text("Options paper").is_visible()
    open_every_details(reader)
    assert_accessible(reader, "the member's meeting page")
