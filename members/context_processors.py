import functools

from .work import meeting_work_count


def my_work(request):
    """`work_count`: how much is the reader's to do on the meeting record ("My work").

    Counted only where a page shows it, once per request, in one query; the navigation adds
    the Headlines' share (`headlines.context_processors.headlines_work`) and the questions'
    (`questions.context_processors.questions_work`).
    """

    @functools.cache
    def count() -> int:
        return meeting_work_count(request.user)

    return {"work_count": count}
