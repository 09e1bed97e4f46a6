# Build and runtime image for both services (Debian 12, the packages the
# project is built and tested with).
FROM debian:12 AS build
WORKDIR /src
COPY scripts/install_deps.sh scripts/
RUN ./scripts/install_deps.sh
COPY . .
# No .git in the build context: pass the commit, e.g.
#   docker build --build-arg SGS_GIT_COMMIT=$(git rev-parse --short=12 HEAD) \
#       -t sgs:$(cat VERSION) .
ARG SGS_GIT_COMMIT=unknown
ENV SGS_GIT_COMMIT=${SGS_GIT_COMMIT}
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSGS_BUILD_TESTS=OFF \
 && ninja -C build ingest_service stats_service sgs_import sgs_bulletin sgs_admin \
 && cmake --install build --prefix /opt/sgs

FROM debian:12-slim
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libabsl20220623 librocksdb7.8 libxlsxwriter4 libssl3 \
      libspdlog1.10 libfmt9 libprometheus-cpp-pull1.0 libjemalloc2 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# cmake --install put the binaries in /opt/sgs/bin, the config in
# /opt/sgs/etc/sgs and the docs in /opt/sgs/share/doc/sgs.
COPY --from=build /opt/sgs /opt/sgs
COPY --from=build /opt/sgs/etc/sgs /etc/sgs
USER 65534:65534
ENTRYPOINT ["/opt/sgs/bin/ingest_service"]
