# syntax=docker/dockerfile:1
# Multi-stage: the SDK image builds, the ASP.NET runtime image runs as the non-root 'app' user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY gateway/Gateway.csproj gateway/
COPY auth/Auth.csproj auth/
COPY profiles/Profiles.csproj profiles/
RUN dotnet restore gateway/Gateway.csproj
COPY gateway/ gateway/
COPY auth/ auth/
COPY profiles/ profiles/
RUN dotnet publish gateway/Gateway.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Plain keys (not ASPNETCORE_*) so they override appsettings.json; the data directory is a volume.
# MALLOC_ARENA_MAX=2: glibc otherwise gives each busy thread its own malloc arena (SQLite and the runtime allocate
# natively on many threads), ≈ 30-40 MB more resident memory during a bulk export (docs/performance.md).
ENV Urls=http://0.0.0.0:8080 \
    DataDirectory=/data \
    DOTNET_NOLOGO=1 \
    MALLOC_ARENA_MAX=2
RUN mkdir -p /data && chown app:app /data
USER app
VOLUME ["/data"]
EXPOSE 8080
# Liveness: GET /healthz; readiness: GET /readyz (store and every source answer).
ENTRYPOINT ["dotnet", "Lead.Gateway.dll"]
