import functools

from .work import questions_work_count


def questions_work(request):
    """`questions_work_count`: the questions' share of the navigation's count of "My work".

    Counted only where a page shows it, once per request, in one query.
    """

    @functools.cache
    def count() -> int:
        return questions_work_count(request.user)

    return {"questions_work_count": count}
