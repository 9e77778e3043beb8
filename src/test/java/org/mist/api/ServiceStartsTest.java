package org.mist.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service starts, is ready once the codec and the database work, and says which OpenJPH it runs on. */
@QuarkusTest
class ServiceStartsTest {

    @Test
    void health() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'htj2k-codec' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    void version() {
        given().get("/api/version").then().statusCode(200)
                .body("openjph", matchesPattern("\\d+\\.\\d+\\.\\d+"))
                .body("mist", equalTo("0.1.0-SNAPSHOT"));
    }
}
