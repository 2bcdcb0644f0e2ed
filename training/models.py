"""training's models, one module per part (as claims/models.py): this file only gathers them so
Django finds them."""

from training.catalogue.models import *  # noqa: F401, F403
from training.enrolment.models import *  # noqa: F401, F403
from training.institution_api.models import *  # noqa: F401, F403
from training.support.models import *  # noqa: F401, F403
