# Build stage: the same Maven wrapper as on a developer machine.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

# Runtime stage: just the jar.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 segments
USER segments
COPY --from=build /src/app/target/segment-service.jar /opt/segment-service.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/segment-service.jar"]
