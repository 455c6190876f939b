"""The axe-core check finds what it should, so that a clean page means something."""

import pytest

from .accessibility import assert_accessible, violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FLAWED = """<!doctype html><html lang="en"><head><title>Flawed</title></head><body><main>
<h1>Flawed</h1><h3>Skips a level</h3>
<p style="color: #999; background: #fff">Grey on white</p>
<input id="twice" aria-label="One"><input id="twice" aria-label="Two">
<textarea aria-label="Headline" aria-describedby="nowhere"></textarea>
<label for="chosen">Choose</label><select id="chosen" hidden><option>One</option></select>
</main></body></html>"""


def test_axe_names_each_rule_a_flawed_page_breaks_and_the_assertion_lists_them(page):
    page.set_content(FLAWED)
    found = {violation["id"] for violation in violations(page)}
    assert {
        "heading-order",
        "color-contrast",
        "duplicate-id-active",
        "aria-valid-attr-value",
        "label-of-a-hidden-control",
    } <= found
    with pytest.raises(AssertionError, match=r"heading-order \(moderate\).*dequeuniversity"):
        assert_accessible(page, "the flawed page")
