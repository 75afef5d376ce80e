"""The SK Pokja PUG page runs a fixed number of queries whatever the number of its
members (2 and 20, each heading a unit). The awards list is pinned in
test_awards.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from focal_points.models import DecreeType, IssuerType, PokjaMembership, PokjaRole
from tests.factories import DecreeFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def page_queries(client, url: str) -> int:
    client.get(url)  # warm the content-type cache, as a running server has it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 20])
def test_the_sk_pokja_page_query_count_does_not_grow_with_members(
    size, reviewer, client_for
):
    decree = DecreeFactory(
        decree_type=DecreeType.POKJA, issuer_type=IssuerType.WALI_KOTA, unit=None
    )
    PokjaMembership.objects.bulk_create(
        PokjaMembership(
            person=PersonFactory(),
            decree=decree,
            pokja_role=PokjaRole.ANGGOTA,
            unit=UnitFactory(),
            start_date=decree.valid_from,
        )
        for _ in range(size)
    )
    assert page_queries(client_for(reviewer), decree.get_absolute_url()) == (
        SK_POKJA_PAGE_QUERIES
    )


# 1 session, 2 user, 3 the decree, 4 its members (person and unit joined),
# 5 activity log.
SK_POKJA_PAGE_QUERIES = 5
