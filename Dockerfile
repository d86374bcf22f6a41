# syntax=docker/dockerfile:1
# RoadScan's container image (issue #32): the service jar, the models and every native library
# inside, running as a non-root user; nothing is downloaded at run time.
#
#   docker build -t roadscan:0.1.0 .        (or: podman build / buildah bud; BuildKit not required)
#   docker run --rm -p 8080:8080 -v roadscan-data:/var/lib/roadscan roadscan:0.1.0
#
# Kubernetes: helm/roadscan (values image.repository / image.tag); docs/operations.md.

# --- 1. build the shaded jar (tests run in CI, not here) -------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY detector detector
COPY api api
RUN mvn -B -q -pl api -am package -DskipTests

# --- 2. what the image runs: JRE, jar, models, entrypoint -------------------------------------
FROM eclipse-temurin:17-jre-jammy AS runtime
# tini: PID 1 that forwards SIGTERM to java and reaps the embedded PostgreSQL's helper processes
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 roadscan \
 && useradd --system --uid 10001 --gid roadscan --home-dir /tmp --shell /usr/sbin/nologin roadscan \
 && mkdir -p /var/lib/roadscan \
 && chown roadscan:roadscan /var/lib/roadscan
WORKDIR /opt/roadscan
COPY --from=build /src/api/target/roadscan.jar roadscan.jar
COPY models/roadscan-damage models/roadscan-damage
COPY models/privacy models/privacy
COPY docker-entrypoint.sh docker-entrypoint.sh
# DJL unpacks PyTorch's natives (about 430 MB) from the jar into ENGINE_CACHE_DIR; the next stage
# does it once at build time, so a pod starts without writing them and the root filesystem can
# stay read-only. HOME=/tmp: OpenCV's and JavaCPP's natives go to /tmp (an emptyDir in the chart).
ENV ENGINE_CACHE_DIR=/opt/roadscan/natives \
    HOME=/tmp \
    ROADSCAN_DATA_DIR=/var/lib/roadscan \
    ROADSCAN_MODEL_DIR=/opt/roadscan/models/roadscan-damage \
    ROADSCAN_PRIVACY_MODELS=/opt/roadscan/models/privacy \
    JAVA_MAX_RAM_PERCENTAGE=50

# --- 3. unpack the natives by running the model once on a sample photo -------------------------
FROM runtime AS natives
COPY sample-images/gelsenkirchen-cranger-str-pothole.jpg /tmp/warm/images/
RUN mkdir -p /tmp/warm/labels \
 && ./docker-entrypoint.sh evaluate --images /tmp/warm/images --labels /tmp/warm/labels \
      --pictures /tmp/warm/pictures \
 && chmod -R a+rX,go-w "$ENGINE_CACHE_DIR"

# --- 4. the image -----------------------------------------------------------------------------
FROM runtime
COPY --from=natives /opt/roadscan/natives /opt/roadscan/natives
USER 10001:10001
EXPOSE 8080
VOLUME ["/var/lib/roadscan"]
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/roadscan/docker-entrypoint.sh"]
