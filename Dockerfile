# Greenlight's worker and CLI. pg_dump must be at least as new as the databases it backs up:
# the client comes from the PostgreSQL project's apt repository (PG_MAJOR, default 17, dumps
# servers 9.2 to 17). setpriv (util-linux) makes the worker's pg_dump children die with it.
# ssh-keygen (openssh-client) signs decisions for the CLI and the Slack gateway.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY worker/pom.xml worker/
COPY starter/pom.xml starter/
RUN mvn -B -ntp -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -ntp -q -DskipTests package

FROM eclipse-temurin:17.0.16_8-jre-noble
ARG PG_MAJOR=17
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-common ca-certificates \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" openssh-client \
 && rm -rf /var/lib/apt/lists/* \
 && pg_dump --version \
 && setpriv --pdeathsig TERM -- setpriv --version \
 && command -v ssh-keygen
RUN useradd --system --uid 10001 --home-dir /var/lib/greenlight --create-home greenlight \
 && mkdir -p /var/lib/greenlight/backups \
 && chown -R greenlight:greenlight /var/lib/greenlight \
 && chmod 0700 /var/lib/greenlight/backups
COPY --from=build /src/starter/target/greenlight.jar /opt/greenlight/greenlight.jar
USER greenlight
WORKDIR /var/lib/greenlight
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/greenlight/greenlight.jar"]
CMD ["--help"]
