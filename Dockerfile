# spinlint in a container: `docker build -t spinlint .`, then
#   docker run --rm -v "$PWD:/work" spinlint check articles/
# and, for a run that writes into the folder (a baseline, -o report.html), as its owner:
#   docker run --rm -v "$PWD:/work" --user "$(id -u):$(id -g)" spinlint check --write-baseline b.json .
# Two stages: the build needs the Rust toolchain (1.89, the workspace's rust-version); the image
# holds only the stripped binary on a slim Debian (glibc, as the build), run as a plain user.

FROM rust:1.89-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --package spinlint \
    && strip target/release/spinlint

FROM debian:bookworm-slim
COPY --from=build /src/target/release/spinlint /usr/local/bin/spinlint
RUN useradd --create-home --uid 10001 spinlint
USER spinlint
# The folder mounted with the articles (and its spinlint.toml); reports name paths from here.
WORKDIR /work
ENTRYPOINT ["spinlint"]
CMD ["check", "."]
