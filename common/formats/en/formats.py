"""English pages show dates as the Vietnamese ones do: dd/mm/yyyy, dd/mm/yyyy HH:MM (issue 13).

Numbers keep the English separators (4,200,000); common.formatting.dong formats money per language.
"""

from common.formats.vi.formats import (  # noqa: F401 - Django reads these names
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
