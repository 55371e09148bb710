# syntax=docker/dockerfile:1
# drillbook image: Maven builds the fat jar, a JRE image runs it as uid 10001.
#   docker build -t ghcr.io/example/drillbook:0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
# AppCDS: an archive of the classes a whole drill loads is trained at build time (a sandbox demo drill, in the
# runtime stage so the archive matches that exact JVM) and used by the entrypoint. bench/run measured it to
# cut a one-shot drill's time from process start to its first API request by about half and its peak RSS by
# ~20% (BENCHMARKS.md, figure 4). -Xshare:auto falls back to no archive if the JVM ever rejects it.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first: this layer is rebuilt only when pom.xml changes; the cache mount keeps ~/.m2 across builds.
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src ./src
# Tests run in CI (some need Docker, a Prometheus binary and ../shared/seeds); the image only packages.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package \
 && cp target/drillbook.jar /drillbook.jar

# The Helm CLI that 'method: helm' drills drive: built from the same pinned module (go.mod + go.sum, checked against
# the Go checksum database) the tests run on the real control plane, with the version flags of Helm's Makefile.
FROM golang:1.26 AS helm
WORKDIR /helm
COPY testcluster/helm/v4/go.mod testcluster/helm/v4/go.sum testcluster/helm/v4/tools.go ./
RUN --mount=type=cache,target=/root/go/pkg/mod \
    version="$(sed -n 's/^require helm.sh\/helm\/v4 \(v[0-9.]*\)$/\1/p' go.mod)" \
 && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -o /usr/local/bin/helm \
      -ldflags "-w -s -X helm.sh/helm/v4/internal/version.version=${version} -X helm.sh/helm/v4/internal/version.metadata= -X helm.sh/helm/v4/internal/version.gitTreeState=clean" \
      helm.sh/helm/v4/cmd/helm \
 && /usr/local/bin/helm version --template '{{.Version}}' | grep -qx "${version}"

FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="drillbook" \
      org.opencontainers.image.description="Rollback drills against staging Kubernetes deployments" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/example/drillbook" \
      org.opencontainers.image.base.name="docker.io/library/eclipse-temurin:17-jre"
# A fixed uid/gid 10001 so Kubernetes' runAsUser/runAsNonRoot (numeric) and fsGroup match the image.
RUN groupadd --system --gid 10001 drillbook \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/drillbook --create-home --shell /usr/sbin/nologin drillbook \
 && mkdir -p /work /opt/drillbook \
 && chown 10001:10001 /work
COPY --from=build /drillbook.jar /opt/drillbook/drillbook.jar
COPY --from=helm /usr/local/bin/helm /usr/local/bin/helm
RUN cd /tmp \
 && java -XX:ArchiveClassesAtExit=/opt/drillbook/drillbook.jsa -jar /opt/drillbook/drillbook.jar demo \
      --log /tmp/cds-training.md --rollout-delay 100ms >/dev/null \
 && rm -rf /tmp/cds-training.md /tmp/drillbook-* \
 && chmod 0644 /opt/drillbook/drillbook.jsa
# The entrypoint: exec, so java is PID 1 and gets SIGTERM (a drill then aborts and restores staging).
# -Xlog: the JVM's own warnings go to stderr, never to stdout, which carries the JSON of --output json.
RUN printf '%s\n' '#!/bin/sh' \
      'exec java -XX:SharedArchiveFile=/opt/drillbook/drillbook.jsa -Xshare:auto ${DRILLBOOK_JAVA_OPTS:-} -Xlog:disable -Xlog:all=warning:stderr -jar /opt/drillbook/drillbook.jar "$@"' \
      > /usr/local/bin/drillbook \
 && chmod 0755 /usr/local/bin/drillbook
ENV DRILLBOOK_JAVA_OPTS="-XX:MaxRAMPercentage=75"
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/drillbook"]
CMD ["--help"]
