"""The declarations of interest of a meeting file's items (format /2; a file of format /1 has
none, and any it holds are ignored).

Each item's `declarations` list them in the order the minutes show them: `declarant` (the
username of an attendee), `text`, `chair_decision` (`recused` or `noted`), `classification`
(the item's by default, never below it) and the restriction fields. An import checks them as
the minute-taking page does and records them as `interests.services.declaration_record`
does: a declaration the chair decided by recusing the declarant recuses them from the item,
whether the item's `recused` list names them or not, for a recorded recusal decision and who
may see the item never disagree.

When and by whom a declaration was recorded is not carried, as no other record's history is
(publication times, recusal reasons): an import records them as the portal's own, at the
time of the import, in the file's order.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from classification.levels import Level
from interests.models import Declaration
from interests.services import RECUSED_ON_DECLARATION

from ..models import AgendaItem
from ..services import recusal_add
from .fields import (
    fail,
    read_choice,
    read_field,
    read_level,
    read_restriction,
    restricted_saved,
    restriction_of,
)


def export_declarations(item: AgendaItem) -> list[dict]:
    """The item's declarations, in the order the model keeps them (the order recorded)."""
    return [
        {
            "declarant": declaration.declarant.get_username(),
            "text": declaration.text,
            "chair_decision": declaration.chair_decision,
            "classification": Level(declaration.level).label,
            **restriction_of(declaration),
        }
        for declaration in item.declarations.all()
    ]


def import_declarations(item: AgendaItem, record: dict, where: str, users: dict) -> None:
    """Record the declarations of the item `record`, refusing the first bad one, named."""
    # One time for all, so that the model's order (time, then row) is the file's order.
    recorded_at = timezone.now()
    for index, entry in enumerate(
        read_field(record, "declarations", where, kind=list, required=False) or []
    ):
        _import_declaration(item, entry, f"{where} declarations[{index}]", users, recorded_at)


def _import_declaration(item, record, where, users, recorded_at) -> None:
    username = read_field(record, "declarant", where)
    declarant = users.get(username) or get_user_model().objects.filter(username=username).first()
    if declarant is None:
        fail(
            f"{where}.declarant",
            f"unknown username {username!r}: only an attendee of the meeting declares",
        )
    chair_decision = read_choice(record, "chair_decision", where, Declaration.ChairDecision)
    declaration = Declaration(
        item=item,
        declarant=declarant,
        # Kept as the service keeps it: the minutes show it as declared, without margins.
        text=read_field(record, "text", where).strip(),
        chair_decision=chair_decision,
        level=read_level(record, where, default=item.level),
        recorded_by=None,
        recorded_at=recorded_at,
        **read_restriction(record, where),
    )
    # The model's own check refuses a declarant who does not attend, naming `declarant`.
    restricted_saved(declaration, where, item)
    if chair_decision == Declaration.ChairDecision.RECUSED:
        recusal_add(item=item, user=declarant, by=None, reason=RECUSED_ON_DECLARATION)
