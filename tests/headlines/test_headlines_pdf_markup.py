"""The Headlines PDF's markup: the words of the page, in fewer elements for WeasyPrint."""

from headlines.composer import HeadlineEntry
from headlines.rendering import entry_html

ENTRY = HeadlineEntry(
    number=7, title="Budget", headline="The SSC noted the **budget**.", level_tag="AMBER"
)


def test_a_one_paragraph_item_of_the_pdf_is_the_list_items_own_text():
    assert entry_html(ENTRY, with_title=True, for_pdf=True) == (
        "7. <strong>Budget:</strong> The SSC noted the <strong>budget</strong>. "
        "(<strong>AMBER</strong>)"
    )


def test_the_page_keeps_the_items_paragraph_and_its_number_span():
    assert entry_html(ENTRY, with_title=True) == (
        '<p><span class="number">7.</span> <strong>Budget:</strong> The SSC noted the '
        "<strong>budget</strong>. (<strong>AMBER</strong>)</p>"
    )


def test_an_item_of_several_paragraphs_keeps_them_in_the_pdf():
    entry = HeadlineEntry(number=8, title="", headline="First.\n\nSecond.", level_tag="")
    assert entry_html(entry, with_title=False, for_pdf=True) == ("<p>8. First.</p>\n<p>Second.</p>")
