# Build stage: the same Maven wrapper as on a developer machine.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first, in a layer of their own: the wrapper and the poms only change when dependencies do, so a
# change of the sources rebuilds from the COPY below without downloading anything again. Building the modules
# without their sources resolves every dependency and plugin the real build needs.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY shared-events/pom.xml shared-events/
COPY command-side/pom.xml command-side/
COPY query-side/pom.xml query-side/
COPY app/pom.xml app/
RUN ./mvnw -B -q -DskipTests -Dspring-boot.repackage.skip=true package
COPY . .
RUN ./mvnw -B -q -DskipTests package

# Runtime stage: the jar, and curl for the container's health check.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 segments
USER segments
COPY --from=build /src/app/target/segment-service.jar /opt/segment-service.jar
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/segment-service.jar"]
