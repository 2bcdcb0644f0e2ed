"""The catalogue's URLs: the worker's under /viec-lam/, the employer's under
/doanh-nghiep/viec-lam/, the center's under /can-bo/viec-lam/ (names in the "jobs" namespace)."""

from django.urls import path

from jobs.catalogue import api, employer_views, staff_views, worker_views

urlpatterns = [
    # The worker
    path("viec-lam/", worker_views.home, name="home"),
    path("viec-lam/tin/<int:vacancy_id>/", worker_views.vacancy, name="vacancy"),
    path("viec-lam/tin/<int:vacancy_id>/ung-tuyen/", worker_views.vacancy_apply, name="apply"),
    path("viec-lam/hoi-cho/", worker_views.fairs, name="fairs"),
    path("viec-lam/hoi-cho/<int:fair_id>/", worker_views.fair, name="fair"),
    path(
        "viec-lam/hoi-cho/<int:fair_id>/dang-ky/", worker_views.fair_register, name="fair_register"
    ),
    path("viec-lam/nuoc-ngoai/", worker_views.programs, name="programs"),
    path("viec-lam/nuoc-ngoai/<int:program_id>/", worker_views.program, name="program"),
    path(
        "viec-lam/nuoc-ngoai/<int:program_id>/quan-tam/",
        worker_views.program_interest,
        name="program_interest",
    ),
    path("viec-lam/cua-toi/", worker_views.mine, name="mine"),
    path(
        "viec-lam/cua-toi/ung-tuyen/<int:application_id>/rut/",
        worker_views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "viec-lam/cua-toi/hoi-cho/<int:registration_id>/huy/",
        worker_views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "viec-lam/cua-toi/nuoc-ngoai/<int:interest_id>/rut/",
        worker_views.interest_withdraw,
        name="interest_withdraw",
    ),
    # The employer
    path("doanh-nghiep/viec-lam/", employer_views.vacancies, name="employer_vacancies"),
    path("doanh-nghiep/viec-lam/moi/", employer_views.vacancy_new, name="employer_vacancy_new"),
    path(
        "doanh-nghiep/viec-lam/<int:vacancy_id>/",
        employer_views.vacancy,
        name="employer_vacancy",
    ),
    path(
        "doanh-nghiep/viec-lam/<int:vacancy_id>/sua/",
        employer_views.vacancy_edit,
        name="employer_vacancy_edit",
    ),
    path(
        "doanh-nghiep/viec-lam/<int:vacancy_id>/dong/",
        employer_views.vacancy_close,
        name="employer_vacancy_close",
    ),
    # The center's staff
    path("can-bo/viec-lam/", staff_views.home, name="staff_home"),
    path("can-bo/viec-lam/tin/moi/", staff_views.vacancy_new, name="staff_vacancy_new"),
    path("can-bo/viec-lam/tin/<int:vacancy_id>/", staff_views.vacancy, name="staff_vacancy"),
    path(
        "can-bo/viec-lam/tin/<int:vacancy_id>/sua/",
        staff_views.vacancy_edit,
        name="staff_vacancy_edit",
    ),
    path(
        "can-bo/viec-lam/tin/<int:vacancy_id>/dong/",
        staff_views.vacancy_close,
        name="staff_vacancy_close",
    ),
    path(
        "can-bo/viec-lam/tin/<int:vacancy_id>/dang/",
        staff_views.vacancy_publish,
        name="staff_vacancy_publish",
    ),
    path("can-bo/viec-lam/hoi-cho/moi/", staff_views.fair_new, name="staff_fair_new"),
    path("can-bo/viec-lam/hoi-cho/<int:fair_id>/", staff_views.fair, name="staff_fair"),
    path(
        "can-bo/viec-lam/hoi-cho/<int:fair_id>/sua/", staff_views.fair_edit, name="staff_fair_edit"
    ),
    path(
        "can-bo/viec-lam/hoi-cho/<int:fair_id>/huy/",
        staff_views.fair_cancel,
        name="staff_fair_cancel",
    ),
    path(
        "can-bo/viec-lam/hoi-cho/<int:fair_id>/doanh-nghiep/<int:entry_id>/bo/",
        staff_views.fair_employer_remove,
        name="staff_fair_employer_remove",
    ),
    path(
        "can-bo/viec-lam/hoi-cho/<int:fair_id>/dang-ky/",
        staff_views.fair_registrations,
        name="staff_fair_registrations",
    ),
    path("can-bo/viec-lam/nuoc-ngoai/moi/", staff_views.program_new, name="staff_program_new"),
    path("can-bo/viec-lam/nuoc-ngoai/<int:program_id>/", staff_views.program, name="staff_program"),
    path(
        "can-bo/viec-lam/nuoc-ngoai/<int:program_id>/sua/",
        staff_views.program_edit,
        name="staff_program_edit",
    ),
    path(
        "can-bo/viec-lam/nuoc-ngoai/<int:program_id>/dong/",
        staff_views.program_close,
        name="staff_program_close",
    ),
    # The API: public reads, and the employer's vacancies with the employer token (issue 17)
    path("api/v1/jobs/vacancies/", api.VacancyListView.as_view(), name="api_vacancies"),
    path(
        "api/v1/jobs/vacancies/<int:vacancy_id>/",
        api.VacancyDetailView.as_view(),
        name="api_vacancy",
    ),
    path("api/v1/jobs/fairs/", api.FairListView.as_view(), name="api_fairs"),
    path("api/v1/jobs/fairs/<int:fair_id>/", api.FairDetailView.as_view(), name="api_fair"),
    path("api/v1/jobs/programs/", api.ProgramListView.as_view(), name="api_programs"),
    path(
        "api/v1/jobs/programs/<int:program_id>/",
        api.ProgramDetailView.as_view(),
        name="api_program",
    ),
    path(
        "api/v1/employer/vacancies/",
        api.EmployerVacancyListView.as_view(),
        name="api_employer_vacancies",
    ),
    path(
        "api/v1/employer/vacancies/<int:vacancy_id>/",
        api.EmployerVacancyDetailView.as_view(),
        name="api_employer_vacancy",
    ),
    path(
        "api/v1/employer/vacancies/<int:vacancy_id>/close/",
        api.EmployerVacancyCloseView.as_view(),
        name="api_employer_vacancy_close",
    ),
    path(
        "api/v1/employer/vacancies/<int:vacancy_id>/applicants/",
        api.EmployerVacancyApplicantsView.as_view(),
        name="api_employer_vacancy_applicants",
    ),
]
