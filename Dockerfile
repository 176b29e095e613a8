# One read-only replica of the site: the database is built into the image, so replicas are identical and
# need no shared storage. Build: docker build -t lawkb . ; run: docker run -p 8001:8001 lawkb
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
COPY schema schema
COPY scripts scripts
RUN pip install --no-cache-dir -r requirements.lock && pip install --no-cache-dir --no-deps .
COPY metadata.yml ./
COPY templates templates
COPY plugins plugins
COPY static static
COPY laws laws
# Validate and build now: a bad record fails the image build, never a running replica. `datasette inspect`
# precomputes table counts, so the immutable database is never counted at request time.
RUN lawkb build && python -m datasette inspect build/laws.db --inspect-file build/laws.inspect.json
ENV PORT=8001
EXPOSE 8001
# Cloud Run and Fly set $PORT; listen on every interface inside the container.
CMD ["sh", "-c", "exec lawkb serve --host 0.0.0.0 --port ${PORT}"]
