package io.github.customerid.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;

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
 * gives PL IDs on save, a unique index and a reconciled counter. Runs on the MongoDB driver Spring
 * Boot's BOM manages.
 */
@SpringBootTest(classes = StarterTest.App.class)
class StarterTest {

  private static final EmbeddedMongo server = EmbeddedMongo.start();

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
    assertThat(users.save(new User(null, null, "John Doe", "customer")).customerId())
        .isEqualTo("PL1");
    assertThat(users.save(new User(null, null, "Receptionist", "staff")).customerId()).isNull();
    assertThat(template.getCollection("users").listIndexes())
        .anySatisfy(index -> assertThat(index.toJson())
            .contains("\"customerId\": 1").contains("\"unique\": true")
            .contains("\"sparse\": true"));
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
