# The services' images, one target each, built from the repository root (which holds the props files):
#   docker build --target api -t emailpipeline-api .
#   docker build --target consumer -t emailpipeline-consumer .
# Both share the build stage (one restore, one copy of the sources) and the runtime stage; each target adds only
# what is its own: which host it publishes, its port, its health check and its entry point.
# tools/ci/dockerfiles.test.mjs checks this file against the projects (paths, references, assembly names).
#
# Base images are pinned by full version tag (the SDK that global.json asks for, and the runtime it bundles).
# Pinning by digest as well would be stricter; Dependabot (.github/dependabot.yml) proposes the updates.

# Build: the SDK, only in the build stages, with what Native AOT links with (clang, and zlib for the runtime).
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore from what decides the package graph, before the sources, so that a code change reuses this layer.
# There are no lock files: Directory.Packages.props pins every version (central package management).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Domain/Domain.csproj src/Domain/
COPY src/Application/Application.csproj src/Application/
COPY src/Infrastructure/Infrastructure.csproj src/Infrastructure/
COPY src/ServiceDefaults/ServiceDefaults.csproj src/ServiceDefaults/
COPY src/NativeHost.props src/
COPY src/Api/Api.csproj src/Api/
COPY src/Consumer/Consumer.csproj src/Consumer/
RUN dotnet restore src/Api/Api.csproj -r linux-x64 && dotnet restore src/Consumer/Consumer.csproj -r linux-x64

# The sources (bin/ and obj/ never come in: .dockerignore). linux-x64 is what Native AOT compiles for.
COPY .editorconfig ./
COPY src/ src/

FROM build AS api-build
RUN dotnet publish src/Api/Api.csproj -c Release -r linux-x64 --no-restore -o /app

FROM build AS consumer-build
RUN dotnet publish src/Consumer/Consumer.csproj -c Release -r linux-x64 --no-restore -o /app

# Run: a native executable needs no .NET runtime, only the C libraries it links: Ubuntu chiseled's runtime-deps, with
# no shell and no package manager.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0.12-noble-chiseled AS runtime
WORKDIR /app
# The services listen on PORT and METRICS_PORT; clearing the image's own 8080 default keeps Kestrel from logging
# that it overrides it.
ENV ASPNETCORE_HTTP_PORTS=""
# The image's unprivileged "app" user (APP_UID); the files the targets copy stay owned by root, so read-only to it.
USER 1654

# The Api. No HEALTHCHECK: on ECS the ALB checks GET /health (a Dockerfile HEALTHCHECK is ignored there), and
# docker-compose.yml declares its own. `/app/EmailPipeline.Api --health-check` is there for either.
FROM runtime AS api
COPY --from=api-build /app ./
EXPOSE 8000
ENTRYPOINT ["/app/EmailPipeline.Api"]

# The Consumer. Its HEALTHCHECK is the container health check of its ECS task definition (ECS itself ignores this
# instruction and runs the task definition's); docker and docker compose use this one. There is no curl in a
# chiseled image: the service's own executable asks its /health and exits 0 or 1. No --start-period: the first check
# runs one interval after start, long after the Consumer listens (and dockerfilelint 1.8 misreads it).
FROM runtime AS consumer
COPY --from=consumer-build /app ./
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["/app/EmailPipeline.Consumer", "--health-check"]
# SIGTERM (the default stop signal) makes the Consumer stop receiving and finish what it holds, within 20 s.
# Arguments after the image name reach the executable: `docker run … emailpipeline-consumer dlq list` runs the
# dead-letter command instead of the service (README, Dead letters).
ENTRYPOINT ["/app/EmailPipeline.Consumer"]
