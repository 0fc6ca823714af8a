package io.github.customerid.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customerid.micrometer.MicrometerSequenceListener;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import io.github.customerid.spring.boot.CustomerId;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.config.EnableMongoRepositories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the README promises an operator: the starter plus Actuator, and no other code, publishes the
 * {@code customerid.*} meters in the application's {@link MeterRegistry}.
 */
@SpringBootTest(classes = StarterMetricsTest.App.class)
class StarterMetricsTest {

  private static final EmbeddedMongo server = EmbeddedMongo.start();

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> server.connectionString() + "/starter-metrics");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Autowired
  Members members;
  @Autowired
  MeterRegistry registry;

  @Test
  void shouldPublishTheMetersWithActuatorAndNoOtherCode() {
    members.save(new Member(null, null, "John Doe", "customer"));
    members.save(new Member(null, null, "Jane Roe", "customer"));

    assertThat(registry.get(MicrometerSequenceListener.ALLOCATIONS)
        .tags("sequence", "customerId", "mode", "strict").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(registry.get(MicrometerSequenceListener.STORE_CALLS)
        .tags("operation", "allocate", "outcome", "success").functionCounter().count())
        .isEqualTo(2.0);
  }

  @SpringBootApplication
  @EnableMongoRepositories(considerNestedRepositories = true)
  static class App {}

  @Document("members")
  record Member(@Id String id, @CustomerId String customerId, String name, String role) {}

  interface Members extends MongoRepository<Member, String> {}
}
