# Production-like image for the portal, its Celery worker/beat and the embedded stand-ins.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e .
COPY . .
RUN DJANGO_SECRET_KEY=build VNEID_CLIENT_SECRET=build SETTLEMENT_OFFICE_SECRET=build \
    python manage.py collectstatic --noinput
RUN useradd --create-home trocap && mkdir -p /app/var && chown -R trocap /app/var
USER trocap
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--config", "deploy/gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
