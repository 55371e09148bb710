# Multi-stage build: Maven builds the fat jar, a JRE image runs it as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /home/drillbook drillbook && mkdir -p /work && chown drillbook /work
COPY --from=build /src/target/drillbook.jar /opt/drillbook/drillbook.jar
USER 10001
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/drillbook/drillbook.jar"]
CMD ["--help"]
