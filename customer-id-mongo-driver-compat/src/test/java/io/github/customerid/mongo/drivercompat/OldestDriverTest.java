package io.github.customerid.mongo.drivercompat;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.internal.build.MongoDriverVersion;
import org.junit.jupiter.api.Test;

/** The suite of this module really runs on the oldest supported driver, not on the build's. */
class OldestDriverTest {

  @Test
  void shouldRunOnTheOldestSupportedDriver() {
    assertThat(MongoDriverVersion.VERSION)
        .isEqualTo(System.getProperty("mongodb-driver.expected.version"));
  }
}
