"""An action's reference is one line: it names the action in its address and its e-mails."""

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import Action

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reference", ["SSC89\n01", "SSC89/\t01", "SSC89/01\x00"])
def test_a_reference_with_a_line_break_or_control_character_is_refused_naming_it(
    held_meeting, reference
):
    item = held_meeting.items.get(number=1)
    with pytest.raises(ValidationError) as refused:
        services.action_raise(
            item=item, description="Review", owner="DCC", reference=reference, by=None
        )
    assert "one line" in " ".join(refused.value.message_dict["reference"])
    assert not Action.objects.exists()
