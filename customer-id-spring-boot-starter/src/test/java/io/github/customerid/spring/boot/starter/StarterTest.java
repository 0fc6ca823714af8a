package io.github.customerid.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.internal.build.MongoDriverVersion;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import io.github.customerid.spring.boot.CustomerId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.config.EnableMongoRepositories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the README promises a new user: the starter, {@code @CustomerId} on a field, no other code,
 * gives PL IDs on save, a unique index and a counter reconciled at start-up with data imported
 * ahead of it. Runs on the MongoDB driver Spring
 * Boot's BOM manages.
 */
@SpringBootTest(classes = StarterTest.App.class)
class StarterTest {

  private static final EmbeddedMongo server = EmbeddedMongo.start();
  /** Imported into the data before the application starts, far ahead of the counter. */
  private static final String IMPORTED = "PL41";

  static {
    // The Node/Mongoose system's data as the application finds it: its counter says 7, but a
    // customer imported since holds PL41.
    try (MongoClient client = MongoClients.create(server.connectionString())) {
      MongoDatabase db = client.getDatabase("starter");
      db.getCollection("counters").insertOne(
          new org.bson.Document("name", "customerId").append("seq", 7));
      db.getCollection("users").insertOne(new org.bson.Document("name", "Imported")
          .append("role", "customer").append("customerId", IMPORTED));
    }
  }

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> server.connectionString() + "/starter");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Autowired
  Users users;
  @Autowired
  MongoTemplate template;

  @Test
  void shouldGiveCustomersIdsOnSaveWithAUniqueIndexAndNoOtherCode() {
    // Reconciled at start-up: the first ID continues past the imported PL41, not after the
    // counter's 7.
    assertThat(users.save(new User(null, null, "John Doe", "customer")).customerId())
        .isEqualTo("PL42");
    assertThat(users.save(new User(null, null, "Receptionist", "staff")).customerId()).isNull();
    assertThat(template.getCollection("users").listIndexes())
        .anySatisfy(index -> assertThat(index.toJson())
            .contains("\"customerId\": 1").contains("\"unique\": true")
            .contains("\"sparse\": true"));
  }

  @Test
  void shouldHaveMovedTheCounterPastTheImportedIdsAtStartUp() {
    assertThat(template.getCollection("counters").find(new org.bson.Document("name", "customerId"))
        .first().get("seq", Number.class).longValue()).isGreaterThanOrEqualTo(41);
  }

  @Test
  void shouldRunOnTheDriverSpringBootManages() {
    assertThat(MongoDriverVersion.VERSION).isEqualTo(System.getProperty("spring-boot.mongodb-driver.version"));
  }

  @SpringBootApplication
  @EnableMongoRepositories(considerNestedRepositories = true)
  static class App {}

  @Document("users")
  record User(@Id String id, @CustomerId String customerId, String name, String role) {}

  interface Users extends MongoRepository<User, String> {}
}
