"""Bad input: meeting files for `import_meeting` and `load_meeting_file`, mutated or damaged.

Hypothesis mutates the seed meeting, field by field, against what the exchange format says of
each field, and damages the file's bytes. A refusal names the place in the file and writes
nothing: neither rows nor paper files."""

import copy
import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from hypothesis import example, given, note
from hypothesis import strategies as st

from assessments.models import Organisation
from classification.levels import Level, MeetingStatus, MinutesStatus
from interests.models import DECLARATION_MAX, Declaration
from meetings.demo import SEED_MEETING, text_pdf
from meetings.exchange import FORMAT, FORMATS, MeetingFileError, import_meeting, load_meeting_file
from meetings.models import Action, AgendaItem, Attendance, Decision, Paper
from tests.factories import UserFactory
from tests.system.bad_input.helpers import DECISION_KINDS, budget, rolled_back, row_counts

pytestmark = pytest.mark.django_db


def media_files(media_root) -> set:
    return {path for path in Path(media_root).rglob("*") if path.is_file()}


def has_lone_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)


# ---------------------------------------------------------------------------------------------
# The importer: the seed meeting, mutated
# ---------------------------------------------------------------------------------------------

SEED_USERS = ("chair", "member", "secretariat")


def _seed() -> dict:
    """The seed meeting, given the parts it lacks (a paper, a recusal, an action owned by a
    user, declarations of interest, the optional fields), so that every part of the format
    gets mutated; of format /2, which reads the declarations that /1 ignores."""
    document = json.loads(SEED_MEETING.read_text(encoding="utf-8"))
    document["format"] = FORMAT
    document["location"] = "London"
    document["minutes_status"] = "circulated"
    document["committee"]["headlines_preamble"] = "The standing preamble."
    document["committee"]["website"] = "https://example.org/ssc"
    items = document["items"]
    items[0]["published"] = True
    items[0]["papers"] = [
        {
            "title": "Risk register",
            "classification": "AMBER",
            "file": "papers/risk.pdf",
            "published": True,
            "withdrawn": False,
        }
    ]
    items[5]["recused"] = ["member"]
    items[0]["declarations"] = [
        {"declarant": "chair", "text": "A consultancy for the DCC.", "chair_decision": "noted"}
    ]
    items[5]["declarations"] = [
        {
            "declarant": "member",
            "text": "My employer is the party.",
            "chair_decision": "recused",
            "classification": "RED",
        }
    ]
    items[6]["actions"] = [
        {
            "reference": "SSC89/02",
            "description": "The chair to write to the DCC.",
            "owner": "chair",
            "due": "2019-12-11",
            "status": "open",
            "classification": "RED",
        }
    ]
    return document


SEED = _seed()

# What the format says of each field: its JSON type, whether a record must have it, its limits.
STR_KEYS = {
    "format", "code", "name", "headlines_preamble", "website", "date", "next_meeting",
    "location", "status", "minutes_status", "username", "role", "section", "title",
    "presenter", "purpose", "classification", "headline_mode", "headline", "minutes", "file",
    "kind", "party", "outcome", "note", "reference", "description", "owner", "due",
    "declarant", "text", "chair_decision",
}  # fmt: skip
LIST_KEYS = {"attendees", "items", "recused", "papers", "decisions", "actions", "declarations"}
BOOL_KEYS = {"published", "withdrawn"}
REQUIRED = {
    "": {"format", "committee", "number", "date", "items"},
    "committee": {"code", "name"},
    "attendees": {"username"},
    "items": {"number", "section", "title", "classification"},
    "papers": {"file", "title"},
    "decisions": {"kind", "outcome"},  # every decision kind has outcomes: one must be given
    "actions": {"reference", "description", "owner"},
    "declarations": {"declarant", "text", "chair_decision"},
}
LIMITS = {"code": 20, "name": 200, "location": 200, "title": 300, "presenter": 120,
          "party": 200, "outcome": 200, "reference": 30, "owner": 120, "website": 200,
          "text": DECLARATION_MAX}  # fmt: skip
FREE_TEXT = {
    "name", "headlines_preamble", "location", "title", "presenter", "headline", "minutes",
    "party", "note", "description", "owner", "code",
}  # fmt: skip
DATE_KEYS = {"date", "next_meeting", "due"}
ENUM_KEYS = {"classification", "section", "status", "minutes_status", "headline_mode", "kind",
             "role", "purpose", "chair_decision"}  # fmt: skip
# A place in a refusal: "number", "items[3] (item 4).title", "items[0] (item 1) papers[0].file"
# (or decisions, actions, declarations),
# "committee.code", "attendees[1]", "attendees/recused" ("attendees/recused/people" in /2).
PLACE = re.compile(
    r"^(?:[a-z_]+(?:\[\d+\])?"  # a top-level field, or an entry of a top-level list
    r"(?: \(item [^)]*\))?"  # the number of the item
    r"(?: [a-z_]+\[\d+\])?"  # a paper, decision, action or declaration of the item
    r"(?:\.[a-z_]+)?"  # the field
    r"|attendees/recused(?:/people)?): \S"
)


def locations(node, path=()):
    """Every place in `node` as a path of keys and indexes, the root (empty path) first."""
    yield path
    if isinstance(node, dict):
        children = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    else:
        children = ()
    for key, child in children:
        yield from locations(child, (*path, key))


def at(document, path):
    for key in path:
        document = document[key]
    return document


def place_of(path) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else f".{key}" if text else key
    return text


def record_kind(path) -> str:
    """The kind of record the last key of `path` belongs to ("" for the document itself)."""
    return next((key for key in reversed(path[:-1]) if isinstance(key, str)), "")


@dataclasses.dataclass
class Mutation:
    what: str
    path: tuple
    value: object = None
    # "ok" if the import must succeed, else a text the refusal must contain; None: either.
    expect: str | None = None


def _enum_valid(path, value: str) -> bool:
    key = path[-1]
    if key == "classification":
        return value.strip().upper() in Level.names
    if key == "status":
        enum = MeetingStatus if len(path) == 1 else Action.Status
        return value in enum.values
    choices = {
        "section": AgendaItem.Section.values,
        "minutes_status": MinutesStatus.values,
        "headline_mode": AgendaItem.HeadlineMode.values,
        "kind": DECISION_KINDS,
        "role": Attendance.Role.values,
        "purpose": AgendaItem.Purpose.values,
        "chair_decision": Declaration.ChairDecision.values,
    }
    return value in choices[key]


def _paper_file_expectation(base_dir: Path, relative: str) -> str | None:
    """A PDF in the folder of the file imports; anything else, a PDF outside that folder
    included, is refused (docs/DESIGN.md, "Meeting exchange format")."""
    try:
        resolved = (base_dir / relative).resolve()
    except (OSError, ValueError):
        return "file: "
    return "ok" if resolved == base_dir / "papers" / "risk.pdf" else "file: "


def _str_expectation(document, path, value: str, base_dir: Path) -> str | None:
    key = path[-1]
    if key == "format":
        # A file of format /2 needs no more than /1: the seed is valid as both (/1 ignores
        # its declarations).
        return "ok" if value in FORMATS else "format: "
    if key == "username":  # a known user may still attend twice
        if "\x00" in value or has_lone_surrogate(value):
            return "username: "
        return None if value in SEED_USERS else "unknown username"
    if key == "declarant":
        return _declarant_expectation(document, value)
    if "\x00" in value or has_lone_surrogate(value):
        # No PostgreSQL text holds NUL, and no encoding holds a lone surrogate: such a value
        # cannot be stored, so it is refused like any other malformed field.
        return f"{key}: "
    if key == "text":  # kept without its margins, as the minute-taking page keeps it
        return "ok" if 0 < len(value.strip()) <= LIMITS[key] else "text: "
    if key in LIMITS and len(value) > LIMITS[key]:
        return f"{key}: "
    if key in ENUM_KEYS:
        if not _enum_valid(path, value):
            return f"{key}: "
        # A declarant recused by the chair is recused from the item: any decision imports.
        ok = {"section", "purpose", "headline_mode", "role", "chair_decision"}
        return "ok" if key in ok else None
    if key in DATE_KEYS:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return f"{key}: "
        return "ok" if key == "due" else None
    if key == "file":
        return _paper_file_expectation(base_dir, value)
    if key == "outcome":
        kind = at(document, path[:-1]).get("kind")
        return "ok" if value in DECISION_KINDS.get(kind, [value]) else "outcome: "
    if key == "website":
        try:
            if value:
                URLValidator()(value)
        except ValidationError:
            return "website: "
        return "ok"
    if key == "reference":
        references = [
            action.get("reference")
            for item in _items(document)
            if isinstance(item.get("actions"), list)
            for action in item["actions"]
            if isinstance(action, dict)
        ]
        if not value or references.count(value) > 1:
            return "reference: "
        return "ok"
    if key == "owner" and not value:
        return "owner"
    if key in {"code", "name", "title", "description"} and not value:
        return f"{key}: "
    return "ok" if key in FREE_TEXT else None


def _attendees(document) -> set | None:
    """The usernames of the file's attendees; None if the list is no longer one of them."""
    attendees = document.get("attendees")
    if not isinstance(attendees, list) or not all(isinstance(a, dict) for a in attendees):
        return None
    return {attendee.get("username") for attendee in attendees}


def _declarant_expectation(document, value: str) -> str | None:
    """An attendee declares; anyone else (an unknown name, a user who does not attend) is
    refused at the declaration."""
    if "\x00" in value or has_lone_surrogate(value):
        return "declarant: "
    attendees = _attendees(document)
    if attendees is None:
        return None
    return "ok" if value in attendees else "declarant: "


def expectation(document, path, value, base_dir: Path) -> str | None:
    """What importing `document`, whose place `path` now holds `value`, must do."""
    key = path[-1]
    if isinstance(key, int):  # an entry of a list
        parent = path[-2]
        if parent == "recused":
            if not isinstance(value, str):
                return "recused: "
            if "\x00" in value or has_lone_surrogate(value):
                return "recused: "
            if value not in SEED_USERS:
                return "unknown username"
            return None  # a user recused twice, or a user that is not the usual one
        return None if isinstance(value, dict) and value else f"{parent}[{key}]"
    if not isinstance(key, str) or key.startswith("x-"):
        return "ok"
    if value is None:
        return absent_expectation(path)
    if key == "committee":
        return None if isinstance(value, dict) else "committee: "
    if key == "number":
        if not isinstance(value, int) or not 0 <= value <= 2**31 - 1:
            return "number: "
        if len(path) == 1:
            return "ok"
        numbers = [item.get("number") for item in _items(document)]
        return "number: " if numbers.count(value) > 1 else "ok"
    if key in BOOL_KEYS:
        return "ok" if isinstance(value, bool) else f"{key}: "
    if key in LIST_KEYS:
        if not isinstance(value, list):
            return f"{key}: "
        return "ok" if not value else None
    if key in STR_KEYS:
        if not isinstance(value, str):
            return f"{key}: "
        return _str_expectation(document, path, value, base_dir)
    return None


# Values of the wrong type, or of the right type but wrong.
SPECIAL_STRINGS = [
    "", " ", "\x00", "AMBER\x00",
    "\ud800",  # a lone surrogate: JSON's "\ud800" escape makes one
    "x" * 100_000, "<script>alert('x')</script>", "𝕊𝕊ℂ 🙂", "İstanbul ß ﬁ", "\u202eevil", "-1",
    "9" * 40, "null", "../../../../etc/passwd", "a\r\nb",
]  # fmt: skip
JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
BAD_VALUES = st.one_of(
    JSON_SCALARS,
    st.integers(max_value=-1),
    st.sampled_from([0, 2**31, 2**63, 10**30]),
    st.text(max_size=60),
    st.sampled_from(SPECIAL_STRINGS),
    st.lists(JSON_SCALARS, max_size=3),
    st.dictionaries(st.text(max_size=8), JSON_SCALARS, max_size=3),
)
ENUM_JUNK = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["", " ", "Red", " red ", "RED\n", "PURPLE", "TLP:RED", "CLEAR", "whıte", "amber\x00",
         "Held", "held ", "draft", "minutes_approved", "matters-arising", "Matters Arising",
         "agenda", "FULL", "counted", "omitted", "ssa", "SSA", "hunch", "chair", "Chair",
         "observer", "decision", "Decision", "open", "done", "closed", "approved", "recused",
         "Recused", "noted", "noted ", "abstained"]
    ),
)  # fmt: skip
DATE_JUNK = st.one_of(
    st.text(max_size=20),
    st.dates().map(datetime.date.isoformat),
    st.sampled_from(
        ["", "2019-02-30", "2019-13-01", "13/11/2019", "11/13/2019", "2019-11-13T10:00:00",
         "2019-11-13 ", " 2019-11-13", "20191113", "2019-W46-3", "0000-01-01", "0001-01-01",
         "9999-12-31", "10000-01-01", "２０１９-11-13", "2019-11-13\x00", "yesterday"]
    ),
)  # fmt: skip
PAPER_PATHS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", ".", "papers", "papers/", "papers/nowhere.pdf",
         "papers/notes.pdf",  # text, named .pdf
         "papers/risk.pdf/", "papers/../papers/risk.pdf",
         "../outside.pdf",  # a PDF outside the folder of the file
         "../../../../../../etc/passwd", "/etc/hostname", "/dev/null", "papers/risk.pdf\x00.txt",
         "x" * 5000 + ".pdf", "file:///etc/passwd", "papers\\risk.pdf", "~/risk.pdf"]
    ),
)  # fmt: skip


def _dict_keys(document):
    return [path for path in locations(document) if path and isinstance(path[-1], str)]


def _list_entries(document):
    return [path for path in locations(document) if path and isinstance(path[-1], int)]


def absent_expectation(path) -> str | None:
    """What importing must do when the place `path` is left out (or null)."""
    if path == ("status",):
        # A meeting without a status is a draft, which the rest of the file may contradict
        # (minutes already circulated, items already published): either outcome is right.
        return None
    return f"{path[-1]}: " if path[-1] in REQUIRED.get(record_kind(path), ()) else "ok"


def drop_key(draw, document, base_dir):
    path = draw(st.sampled_from(_dict_keys(document)))
    del at(document, path[:-1])[path[-1]]
    return Mutation("drop", path, expect=absent_expectation(path))


def remove_entry(draw, document, base_dir):
    entries = _list_entries(document)
    if not entries:
        return Mutation("none", ())
    path = draw(st.sampled_from(entries))
    removed = at(document, path)
    del at(document, path[:-1])[path[-1]]
    return Mutation("remove", path, expect=removal_expectation(document, path, removed))


def removal_expectation(document, path, removed) -> str:
    """What importing must do when the entry at `path` is left out.

    An attendee still named in an item's recusals or declarations is not harmless to leave
    out: only an attendee is recused or declares, so the file is refused at the first item
    naming them, at its recusal (read before its declarations) or its declaration (format /2).
    """
    if path[:1] == ("attendees",) and len(path) == 2 and isinstance(removed, dict):
        username = removed.get("username")
        for item in _items(document):
            if username in _strings(item.get("recused")):
                return "recused: "
            if document.get("format") == FORMAT and username in _declarants(item):
                return "declarant: "
    return "ok"


def _strings(entries) -> list:
    return (
        [entry for entry in entries if isinstance(entry, str)] if isinstance(entries, list) else []
    )


def _declarants(item: dict) -> list:
    declarations = item.get("declarations")
    if not isinstance(declarations, list):
        return []
    return _strings([d.get("declarant") for d in declarations if isinstance(d, dict)])


def _replace(document, path, value, what, base_dir):
    at(document, path[:-1])[path[-1]] = value
    return Mutation(what, path, value, expectation(document, path, value, base_dir))


def retype(draw, document, base_dir):
    path = draw(st.sampled_from([path for path in locations(document) if path]))
    return _replace(document, path, draw(BAD_VALUES), "retype", base_dir)


def _keyed(document, keys):
    return [path for path in _dict_keys(document) if path[-1] in keys]


def enum_junk(draw, document, base_dir):
    paths = _keyed(document, ENUM_KEYS)
    if not paths:
        return Mutation("none", ())
    return _replace(document, draw(st.sampled_from(paths)), draw(ENUM_JUNK), "enum", base_dir)


def date_junk(draw, document, base_dir):
    paths = _keyed(document, DATE_KEYS)
    if not paths:
        return Mutation("none", ())
    return _replace(document, draw(st.sampled_from(paths)), draw(DATE_JUNK), "date", base_dir)


def too_long(draw, document, base_dir):
    paths = [path for path in _keyed(document, LIMITS) if isinstance(at(document, path), str)]
    if not paths:
        return Mutation("none", ())
    path = draw(st.sampled_from(paths))
    value = "x" * (LIMITS[path[-1]] + draw(st.integers(-1, 300)))
    return _replace(document, path, value, "length", base_dir)


def bad_paper_path(draw, document, base_dir):
    paths = _keyed(document, {"file"})
    if not paths:
        return Mutation("none", ())
    return _replace(document, paths[0], draw(PAPER_PATHS), "paper path", base_dir)


def _items(document):
    items = document.get("items")
    return items if isinstance(items, list) and all(isinstance(i, dict) for i in items) else []


def duplicate_number(draw, document, base_dir):
    items = _items(document)
    if len(items) < 2:
        return Mutation("none", ())
    first, second = draw(st.lists(st.sampled_from(range(len(items))), min_size=2, max_size=2))
    if first == second:
        return Mutation("none", ())
    items[second]["number"] = items[first].get("number")
    return Mutation("duplicate number", ("items", second, "number"), expect="number: ")


def unknown_username(draw, document, base_dir):
    # Storable text: a NUL or a lone surrogate is refused for itself, before any lookup.
    storable = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
    ghost = "ghost-" + draw(st.text(alphabet=storable, max_size=10))
    items = _items(document)
    if draw(st.booleans()) and isinstance(document.get("attendees"), list):
        document["attendees"].append({"username": ghost, "role": "member"})
        return Mutation("unknown attendee", ("attendees",), ghost, "unknown username")
    if not items:
        return Mutation("none", ())
    index = draw(st.sampled_from(range(len(items))))
    recused = items[index].setdefault("recused", [])
    if not isinstance(recused, list):
        return Mutation("none", ())
    recused.append(ghost)
    return Mutation("unknown recused", ("items", index, "recused"), ghost, "unknown username")


def duplicate_reference(draw, document, base_dir):
    items = _items(document)
    # An earlier mutation may have retyped an item's actions, or one of them.
    lists = [item["actions"] for item in items if isinstance(item.get("actions"), list)]
    actions = [action for found in lists for action in found if isinstance(action, dict)]
    if not actions:
        return Mutation("none", ())
    index = draw(st.sampled_from(range(len(items))))
    if not isinstance(items[index].setdefault("actions", []), list):
        return Mutation("none", ())
    items[index]["actions"].append(copy.deepcopy(draw(st.sampled_from(actions))))
    return Mutation("duplicate reference", ("items", index, "actions"), expect="reference: ")


def extra_key(draw, document, base_dir):
    paths = [path for path in locations(document) if isinstance(at(document, path), dict)]
    path = draw(st.sampled_from(paths))
    key = "x-" + draw(st.text(max_size=8))
    at(document, path)[key] = draw(JSON_SCALARS)
    return Mutation("extra key", (*path, key), expect="ok")


def shuffle_items(draw, document, base_dir):
    items = _items(document)
    if not items:
        return Mutation("none", ())
    document["items"] = draw(st.permutations(items))
    return Mutation("shuffle items", ("items",), expect="ok")


MUTATIONS = [
    drop_key,
    remove_entry,
    retype,
    retype,
    enum_junk,
    date_junk,
    too_long,
    bad_paper_path,
    duplicate_number,
    unknown_username,
    duplicate_reference,
    extra_key,
    shuffle_items,
]


@pytest.fixture
def import_dir(tmp_path, db):
    """The seed's users, and a folder for the file with its paper (and a PDF outside it).

    The users have no membership: the file's committee is made by the import, not before.
    """
    for name in SEED_USERS:
        UserFactory(username=name)
    base = tmp_path / "import"
    (base / "papers").mkdir(parents=True)
    (base / "papers" / "risk.pdf").write_bytes(text_pdf(["Risk register"]))
    (base / "papers" / "notes.pdf").write_text("Just some text, named .pdf\n")
    (tmp_path / "outside.pdf").write_bytes(text_pdf(["Outside the folder of the file"]))
    return base


def _check_import(document, base_dir: Path, media_root, mutations=()):
    """Import `document` (in a transaction rolled back afterwards) and check the outcome."""
    single = [m for m in mutations if m.what != "none"]
    expect = single[0].expect if len(single) == 1 else None
    with rolled_back():
        before, files = row_counts(), media_files(media_root)
        try:
            meeting = import_meeting(copy.deepcopy(document), base_dir=base_dir)
        except MeetingFileError as error:
            message = str(error)
            note(f"refused: {message[:500]!r}")
            assert PLACE.match(message), f"the refusal names no place in the file: {message!r}"
            assert row_counts() == before, "a refused import wrote to the database"
            assert media_files(media_root) == files, "a refused import left paper files"
            assert expect != "ok", f"a harmless change was refused: {message[:300]!r}"
            if expect is not None:
                assert expect in message, f"{expect!r} is not named in {message[:300]!r}"
        else:
            assert expect in {"ok", None}, f"imported, but the file should be refused ({expect})"
            # What was imported is valid data: each record passes the models' own checks.
            records = [
                meeting,
                meeting.committee,
                *meeting.attendances.all(),
                *AgendaItem.objects.filter(meeting=meeting),
                *Paper.objects.filter(item__meeting=meeting),
                *Decision.objects.filter(item__meeting=meeting),
                *Action.objects.filter(item__meeting=meeting),
                *Declaration.objects.filter(item__meeting=meeting),
                *Organisation.objects.all(),
            ]
            for record in records:
                try:
                    record.full_clean()
                except ValidationError as error:
                    pytest.fail(f"imported {record._meta.label} {record.pk} is invalid: {error}")
            items = document["items"]
            assert meeting.items.count() == len(items)
            for item in items:
                stored = meeting.items.get(number=item["number"])
                assert stored.title == item["title"]
                assert stored.headline == (item.get("headline") or "")


def test_the_enriched_seed_meeting_imports(import_dir, media_root):
    """The starting point of the mutations is a valid meeting file."""
    _check_import(SEED, import_dir, media_root, [Mutation("nothing", (), expect="ok")])


@budget(400, shrink=False)  # the notes name each mutation: shrinking would take minutes
@given(data=st.data())
def test_a_mutated_seed_meeting_imports_or_is_refused_naming_the_place(
    import_dir, media_root, data
):
    document = copy.deepcopy(SEED)
    mutations = [
        data.draw(st.sampled_from(MUTATIONS))(data.draw, document, import_dir)
        for _ in range(data.draw(st.integers(1, 3), label="mutations"))
    ]
    note(f"mutations: {[(m.what, place_of(m.path), m.expect) for m in mutations]}")
    note(f"values: {[repr(m.value)[:200] for m in mutations]}")
    _check_import(document, import_dir, media_root, mutations)


# Damaged files: bytes changed, cut short, or JSON the format does not expect.

SEED_BYTES = SEED_MEETING.read_bytes()
DAMAGED_FILES = st.one_of(
    st.integers(0, len(SEED_BYTES)).map(lambda n: SEED_BYTES[:n]),
    st.tuples(st.integers(0, len(SEED_BYTES) - 1), st.integers(0, 255)).map(
        lambda at_byte: (
            SEED_BYTES[: at_byte[0]] + bytes([at_byte[1]]) + SEED_BYTES[at_byte[0] + 1 :]
        )
    ),
    st.tuples(st.integers(0, len(SEED_BYTES)), st.binary(min_size=1, max_size=8)).map(
        lambda at_bytes: SEED_BYTES[: at_bytes[0]] + at_bytes[1] + SEED_BYTES[at_bytes[0] :]
    ),
    st.binary(max_size=200),
    st.recursive(
        JSON_SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    ).map(lambda value: json.dumps(value).encode()),
)


def seed_with(text: str) -> bytes:
    """The seed file with the first item's title replaced by raw JSON `text`."""
    return SEED_BYTES.replace(b'"Shared Resources"', text.encode(), 1)


@budget(200)
@given(raw=DAMAGED_FILES)
@example(raw=b"")
@example(raw=b"\xef\xbb\xbf" + SEED_BYTES)  # a byte order mark
@example(raw=SEED_BYTES.decode().encode("utf-16"))
@example(raw=b"[" * 100_000 + b"]" * 100_000)  # nested deeper than Python recurses
@example(raw=SEED_BYTES.replace(b'"number": 89', b'"number": ' + b"9" * 5000, 1))
@example(raw=seed_with('"\\ud800"'))  # a lone surrogate, escaped: valid JSON
@example(raw=seed_with('"Shared\\u0000Resources"'))  # NUL, escaped: valid JSON
@example(raw=SEED_BYTES.replace(b'"number": 89', b'"number": NaN', 1))
def test_a_damaged_meeting_file_is_refused_with_a_clear_message(import_dir, raw):
    path = import_dir / "meeting.json"
    path.write_bytes(raw)
    with rolled_back():
        before = row_counts()
        try:
            load_meeting_file(path)
        except MeetingFileError as error:
            message = str(error)
            note(f"refused: {message[:300]!r}")
            assert (
                message.startswith(f"{path} is not valid JSON: ")
                or message == f"{path} is nested too deeply to be a meeting file"
                or message == "the file should hold one JSON object"
                or PLACE.match(message)
            ), message
            assert row_counts() == before


# The minimal failing examples that hypothesis found, one test each, so that each names its
# defect (see the report of issue 6).


def test_a_meeting_file_nested_too_deep_is_refused_saying_so(import_dir):
    path = import_dir / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(MeetingFileError, match="is nested too deeply to be a meeting file"):
        load_meeting_file(path)


def test_a_meeting_file_with_a_five_thousand_digit_number_is_refused(import_dir):
    path = import_dir / "big.json"
    path.write_bytes(SEED_BYTES.replace(b'"number": 89', b'"number": ' + b"9" * 5000, 1))
    with pytest.raises(MeetingFileError):
        load_meeting_file(path)


def test_a_lone_surrogate_in_a_meeting_file_is_refused_naming_the_place(import_dir):
    path = import_dir / "surrogate.json"
    path.write_bytes(seed_with('"\\ud800"'))
    before = row_counts()
    with pytest.raises(MeetingFileError, match=r"^items\[0\] \(item 1\)\.title: "):
        load_meeting_file(path)
    assert row_counts() == before


def test_a_nul_in_a_meeting_file_is_refused_naming_the_place(import_dir):
    """SQLite stores it; PostgreSQL, which production runs, raises DataError."""
    path = import_dir / "nul.json"
    path.write_bytes(seed_with('"Shared\\u0000Resources"'))
    before = row_counts()
    with pytest.raises(MeetingFileError, match=r"^items\[0\] \(item 1\)\.title: "):
        load_meeting_file(path)
    assert row_counts() == before


def test_a_username_with_a_nul_is_refused_naming_the_place(import_dir):
    """SQLite finds no such user; PostgreSQL raises DataError on the look-up."""
    document = copy.deepcopy(SEED)
    document["attendees"].append({"username": "ghost\x00"})
    with pytest.raises(
        MeetingFileError, match=r"attendees\[\d+\]\.username: contains a NUL character"
    ):
        import_meeting(document, base_dir=import_dir)


def test_a_paper_path_with_a_nul_is_refused_naming_the_place(import_dir):
    document = copy.deepcopy(SEED)
    document["items"][0]["papers"][0]["file"] = "papers/risk.pdf\x00.txt"
    with pytest.raises(MeetingFileError, match=r"papers\[0\]\.file: "):
        import_meeting(document, base_dir=import_dir)


def test_a_decision_party_name_over_200_characters_is_refused_naming_the_place(import_dir):
    """SQLite stores the 201 characters; PostgreSQL raises DataError (varchar(200))."""
    document = copy.deepcopy(SEED)
    document["items"][6]["decisions"][0]["party"] = "P" * 201
    before = row_counts()
    with pytest.raises(MeetingFileError, match=r"decisions\[0\]\.party: "):
        import_meeting(document, base_dir=import_dir)
    assert row_counts() == before
