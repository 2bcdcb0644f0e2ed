"""jobs' models, one module per part (as claims/models.py): this file only gathers them so
Django finds them."""

from jobs.catalogue.models import (  # noqa: F401
    FairEmployer,
    FairRegistration,
    JobFair,
    OverseasProgram,
    ProgramInterest,
    Vacancy,
    VacancyApplication,
)
from jobs.offers.models import JobOffer, JobOfferEvent  # noqa: F401, E402
