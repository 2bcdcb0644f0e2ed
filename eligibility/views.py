from django.http import HttpRequest, HttpResponse


def record(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError
