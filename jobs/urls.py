"""jobs URLs: the worker's pages under /viec-lam/, the employer's under /doanh-nghiep/viec-lam/,
the center's under /can-bo/viec-lam/, the API under /api/v1/jobs/ and /api/v1/employer/vacancies/.
Each part has its own list (catalogue, matching, offers); this file only gathers them."""

from jobs.catalogue.urls import urlpatterns as catalogue_urls
from jobs.matching.urls import urlpatterns as matching_urls
from jobs.offers.urls import urlpatterns as offers_urls

app_name = "jobs"
urlpatterns: list = [*catalogue_urls, *matching_urls, *offers_urls]
