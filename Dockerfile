FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY matchmaking/__init__.py matchmaking/__init__.py
COPY companies/__init__.py companies/__init__.py
COPY missions/__init__.py missions/__init__.py
RUN pip install --no-cache-dir -e .
COPY . .
RUN DEBUG=false SECRET_KEY=build-only python manage.py compilemessages -v0 --ignore .venv \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --no-input -v0
EXPOSE 8000
CMD ["gunicorn", "matchmaking.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
