"""Pages of a list without counting it: "Page N" with Newer and Older links.

A page of 20 stories fetches 21 rows: the 21st only says an older page exists. Django's
Paginator counts the whole list first to print "page N of M", which at 100,000 stories
is a scan per request (the count, not the page, was most of a tag page's time), so
every public list of stories uses this one instead.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404

# Far past any archive (20 million stories at 20 a page): larger numbers are not pages.
MAX_PAGE = 1_000_000


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        if not self.more:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1  # page 0 is refused by validate_number

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


def ids_first(queryset, start: int, stop: int, *, ids=None) -> list:
    """queryset[start:stop] in two steps: the ids in order, then those rows.

    Ordering the matching rows of a large list (a busy tag's 30,000 stories) sorted
    whole rows, bodies included, on SQLite; sorting ids and dates reads indexes only
    (story_live_lookup_idx), and the rows fetched afterwards are a page's worth.
    `ids`, when given, is a cheaper query for the same ids in the same order (a tag's,
    TaggedStory.objects.newest_live_ids): the page's ids are sliced from it instead.
    """
    if ids is None:
        ids = queryset.values_list("pk", flat=True)
    ids = list(ids[start:stop])
    if not ids:
        return []
    # The same queryset (its select_related and prefetches) narrowed to those ids.
    by_id = {row.pk: row for row in queryset.filter(pk__in=ids)}
    # An id without a row: the story stopped being live between the two queries
    # (unpublished, deleted), or, with `ids` read by another query, a scheduled story went
    # live just after the rows' query read the clock. Left out for this request, not a 500.
    return [by_id[pk] for pk in ids if pk in by_id]


class UncountedPaginator(Paginator):
    """A Paginator that never counts: it has no `count` nor `num_pages`, only the next page.

    With `ids_first`, a page is read as ids, then rows (see ids_first()); with `ids`,
    the ids are sliced from that query.
    """

    def __init__(self, *args, ids_first: bool = False, ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids_first = ids_first or ids is not None
        self.ids = ids

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > MAX_PAGE:
            # No count to compare with; an OFFSET past 64 bits is a database error.
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        stop = bottom + self.per_page + 1
        if self.ids_first:
            rows = ids_first(self.object_list, bottom, stop, ids=self.ids)
        else:
            rows = list(self.object_list[bottom:stop])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return UncountedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def get_page(self, number):
        """The page, or the first one for a number that is not a page (Paginator's get_page
        falls back to the last page, which would need the count)."""
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            return self.page(1)

    @property
    def count(self):
        raise TypeError("An UncountedPaginator does not count its list.")

    @property
    def num_pages(self):
        raise TypeError("An UncountedPaginator does not count its pages.")


class UncountedPagination:
    """For a ListView: pages from an UncountedPaginator; ?page=last is not a page here."""

    paginator_class = UncountedPaginator

    def paginate_queryset(self, queryset, page_size):
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        if page == "last":  # ListView would ask for num_pages, which needs the count.
            raise Http404("There is no last page without counting the list.")
        return super().paginate_queryset(queryset, page_size)
