import functools

from .work import headlines_work_count


def headlines_work(request):
    """`headlines_work_count`: the Headlines' share of the navigation's count of "My work".

    Counted only where a page shows it, once per request, in one query.
    """

    @functools.cache
    def count() -> int:
        return headlines_work_count(request.user)

    return {"headlines_work_count": count}
