"""training's Celery tasks, one module per part (as claims/tasks.py): imported here so Celery's
autodiscovery finds them under their stable names `training.tasks.*`."""

from training.enrolment import tasks as _enrolment_tasks  # noqa: F401
from training.support import tasks as _support_tasks  # noqa: F401
