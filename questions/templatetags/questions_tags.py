"""Questions shown on other apps' pages (meetings, the dashboard), so that they need not know
of questions."""

from django import template

from classification.visibility import may_take_questions

from .. import work
from ..models import Question
from ..selectors import by_item, prepared, questions_seen, section

register = template.Library()


@register.inclusion_tag("questions/_section.html", takes_context=True)
def meeting_questions(context, meeting) -> dict:
    """The meeting page's questions: those its reader sees, by item, and the asking form,
    fetched when opened (so that the page reads no more for it, and repeats no titles).
    Whether there are any is asked first: the page is read far more than questions asked."""
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "section": section(request.user, meeting, with_form=False, check_first=True),
        "back": request.get_full_path(),
    }


@register.simple_tag(takes_context=True)
def questions_by_item(context, meeting) -> dict:
    """For the minute-taking page: its reader's questions of `meeting` by item id, and whether
    they may mark them taken at the meeting (as `questions.may_take`)."""
    user = context["request"].user
    seen = questions_seen(user, Question.objects.filter(item__meeting=meeting))
    grouped = {item.pk: questions for item, questions in by_item(prepared(seen, secretariat=False))}
    return {"by_item": grouped, "may_take": bool(grouped) and may_take_questions(user, meeting)}


@register.filter
def of_item(questions: dict, item) -> list:
    """The questions of `item` in `questions_by_item`'s answer."""
    return questions["by_item"].get(item.pk, [])


@register.simple_tag(takes_context=True)
def questions_work(context, since=None) -> work.QuestionsWork:
    """The reader's questions (questions/work.py), for the dashboard's "My work"; the answers
    given after `since` (their previous visit) are marked new."""
    return work.questions_work(context["request"].user, since=since)
