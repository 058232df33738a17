# Builds cairn.jar from this repository and runs it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /cairn
COPY --from=build /src/app/target/cairn.jar /cairn/cairn.jar
ENV CAIRN_DATA_DIR=/cairn/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/cairn/cairn.jar"]
