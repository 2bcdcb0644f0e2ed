"""The claims app's models, gathered from its packages: `from claims.models import Claim`.

Django finds an app's models here; every package that has models adds one import line (new
code imports models from this module, so a model may move between packages without a change).
"""

from claims.complaints.models import *  # noqa: F401, F403
from claims.core.models import *  # noqa: F401, F403
from claims.core.models import _document_path  # noqa: F401 (migration 0001 names it)
from claims.decisions.models import *  # noqa: F401, F403
from claims.filing.models import *  # noqa: F401, F403
from claims.notifications.models import *  # noqa: F401, F403
from claims.payments.models import *  # noqa: F401, F403
from claims.period.models import *  # noqa: F401, F403
from claims.prefill.models import *  # noqa: F401, F403
from claims.review.models import *  # noqa: F401, F403
from claims.transfers.models import *  # noqa: F401, F403
