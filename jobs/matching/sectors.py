"""Which vacancies' sectors and which courses' fields fit a worker's trade (docs/adr/0023).

The social-security store records an employer's sector as free text ("Dệt may", "Điện tử"...);
`store_sector` reads it into the vacancy catalogue's Sector by keywords of the folded text.
"""

from __future__ import annotations

from common.textsearch import fold
from jobs.catalogue.models import Sector
from training.catalogue.models import Course

F = Course.Field

#: Folded keywords of the store's sector text -> the catalogue's sector (first hit wins).
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("det may", Sector.GARMENT),
    ("may mac", Sector.GARMENT),
    ("soi", Sector.GARMENT),
    ("da giay", Sector.FOOTWEAR),
    ("giay", Sector.FOOTWEAR),
    ("dien tu", Sector.ELECTRONICS),
    ("linh kien", Sector.ELECTRONICS),
    ("co khi", Sector.MECHANICS),
    ("logistics", Sector.LOGISTICS),
    ("kho van", Sector.LOGISTICS),
    ("van tai", Sector.LOGISTICS),
    ("du lich", Sector.HOSPITALITY),
    ("nha hang", Sector.HOSPITALITY),
    ("khach san", Sector.HOSPITALITY),
    ("dich vu", Sector.HOSPITALITY),
    ("ban le", Sector.RETAIL),
    ("thuong mai", Sector.RETAIL),
    ("xay dung", Sector.CONSTRUCTION),
    ("nong nghiep", Sector.AGRICULTURE),
    ("thuy san", Sector.AGRICULTURE),
    ("thuc pham", Sector.AGRICULTURE),
    ("cong nghe thong tin", Sector.IT),
    ("phan mem", Sector.IT),
)

#: The course fields that retrain a worker of a sector within their trade.
COURSE_FIELDS: dict[str, frozenset[str]] = {
    Sector.GARMENT: frozenset({F.GARMENT_TECHNOLOGY}),
    Sector.FOOTWEAR: frozenset({F.GARMENT_TECHNOLOGY}),
    Sector.ELECTRONICS: frozenset({F.ELECTRONICS_ASSEMBLY}),
    Sector.MECHANICS: frozenset({F.MECHANICS}),
    Sector.LOGISTICS: frozenset({F.LOGISTICS}),
    Sector.HOSPITALITY: frozenset({F.TOURISM_HOSPITALITY}),
    Sector.RETAIL: frozenset({F.TOURISM_HOSPITALITY, F.LOGISTICS}),
    Sector.CONSTRUCTION: frozenset({F.MECHANICS}),
    Sector.AGRICULTURE: frozenset({F.AGRICULTURE}),
    Sector.IT: frozenset({F.DIGITAL_SKILLS}),
    Sector.OTHER: frozenset(),
}
#: Fields useful whatever the trade (digital skills; languages for work abroad).
FOR_EVERYONE: frozenset[str] = frozenset({F.DIGITAL_SKILLS, F.OVERSEAS_LANGUAGES})


def store_sector(text: str | None) -> str:
    """The catalogue's sector for the store's sector text ("other" when nothing fits)."""
    folded = f" {fold(text)} "
    for keyword, sector in _KEYWORDS:
        if f" {keyword} " in folded:
            return sector
    return Sector.OTHER
