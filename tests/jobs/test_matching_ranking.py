"""jobs.matching.ranking: the bucketed ranking equals scoring every candidate (Hypothesis), and the
reasons say why."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from jobs.catalogue.places import PROVINCE_SEATS
from jobs.matching import ranking, sectors
from jobs.matching.ranking import Candidate, Index, Profile

TODAY = date(2026, 6, 1)
PROVINCES = ["24", "01", "19", "33", "31", "79", "22"]
SECTORS = ["garment", "electronics", "footwear", "logistics", "other"]
FIELDS = [
    "garment_technology",
    "electronics_assembly",
    "digital_skills",
    "overseas_languages",
    "care",
]


@st.composite
def candidate(draw: st.DrawFn, pk: int, groups: list[str]) -> Candidate:
    seat = PROVINCE_SEATS[draw(st.sampled_from(PROVINCES))]
    online = draw(st.booleans()) if groups is FIELDS else False
    point = (
        None
        if online
        else (seat[0] + draw(st.floats(-0.5, 0.5)), seat[1] + draw(st.floats(-0.5, 0.5)))
    )
    return Candidate(
        id=pk,
        group=draw(st.sampled_from(groups)),
        point=point,
        money=draw(st.integers(4_000_000, 15_000_000)),
        starts_on=TODAY + timedelta(days=draw(st.integers(0, 120))),
    )


@st.composite
def pool(draw: st.DrawFn, groups: list[str]) -> list[Candidate]:
    n = draw(st.integers(0, 60))
    return [draw(candidate(pk, groups)) for pk in range(1, n + 1)]


profiles = st.builds(
    Profile,
    province_code=st.sampled_from(PROVINCES),
    last_group=st.sampled_from(SECTORS),
    earlier_groups=st.frozensets(st.sampled_from(SECTORS), max_size=2),
    salary=st.sampled_from([0, 5_000_000, 8_000_000, 12_000_000]),
    today=st.just(TODAY),
)


@given(pool(SECTORS), profiles, st.integers(1, 12))
def test_vacancy_ranking_equals_scoring_every_vacancy(candidates, profile, k) -> None:
    index = Index.build("vacancy", candidates, PROVINCES)
    got = [(m.id, m.score) for m in ranking.rank(index, profile, k=k)]
    assert got == ranking.rank_brute_force(candidates, profile, kind="vacancy", k=k)


@given(pool(FIELDS), profiles, st.integers(1, 12))
def test_course_ranking_equals_scoring_every_course(candidates, profile, k) -> None:
    index = Index.build("course", candidates, PROVINCES)
    kwargs = {"retrain": sectors.COURSE_FIELDS, "everyone": sectors.FOR_EVERYONE}
    got = [(m.id, m.score) for m in ranking.rank(index, profile, k=k, **kwargs)]
    assert got == ranking.rank_brute_force(candidates, profile, kind="course", k=k, **kwargs)


def test_reasons_of_a_garment_worker_in_bac_ninh() -> None:
    bac_ninh = PROVINCE_SEATS["24"]
    near = (bac_ninh[0] + 0.1, bac_ninh[1])  # about 11 km north
    candidates = [
        Candidate(id=1, group="garment", point=near, money=9_000_000),
        Candidate(id=2, group="electronics", point=bac_ninh, money=12_000_000),
        Candidate(
            id=3, group="garment", point=PROVINCE_SEATS["79"], money=20_000_000
        ),  # Hồ Chí Minh
    ]
    profile = Profile(province_code="24", last_group="garment", salary=8_000_000, today=TODAY)
    matches = ranking.rank(Index.build("vacancy", candidates, ["24"]), profile, k=5)
    assert [m.id for m in matches] == [1, 2]  # 1,700 km away is no match
    assert matches[0].reasons == (("same_sector", 0), ("distance", 11), ("wage_above", 0))
    assert matches[0].score == 40 + 28 + 20
    assert matches[1].reasons == (("distance", 0), ("wage_above", 0))


def test_store_sector_reads_the_store_text() -> None:
    assert sectors.store_sector("Dệt may") == "garment"
    assert sectors.store_sector("Điện tử") == "electronics"
    assert sectors.store_sector("Chế biến thủy sản") == "agriculture"
    assert sectors.store_sector("Kinh doanh bất động sản") == "other"
    assert sectors.store_sector(None) == "other"
