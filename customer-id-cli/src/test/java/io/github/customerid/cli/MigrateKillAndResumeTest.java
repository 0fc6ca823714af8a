package io.github.customerid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Kills a real {@code customer-id migrate} process half way (SIGKILL: no shutdown hook, no cleanup)
 * and runs it again: every customer ends with exactly one ID, no ID is shared, nobody is skipped.
 * The child gets the URI from the environment variable, so that path is covered too.
 */
class MigrateKillAndResumeTest {

  private static final int CUSTOMERS = 3_000;

  @Test
  void shouldFinishAKilledMigrationWithoutDuplicatesOrSkips() throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      CustomerIdCliTest.createIndexes(client.getDatabase("killed"));
      MongoCollection<Document> users = client.getDatabase("killed").getCollection("users");
      CustomerIdCliTest.insertLegacyCustomers(users, CUSTOMERS);
      String classpath = System.getProperty("surefire.test.class.path",
          System.getProperty("java.class.path"));
      Path log = Files.createTempFile("migrate", ".log");
      ProcessBuilder pb = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classpath, CustomerIdCli.class.getName(),
          "migrate", "--database", "killed", "--batch-size", "50")
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put(ConnectionOptions.URI_ENV, mongo.connectionString());
      Process child = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long done = 0;
      while (System.nanoTime() < deadline && child.isAlive()) {
        done = users.countDocuments(Filters.exists("customerId"));
        if (done >= 300) {
          break;
        }
        Thread.sleep(20);
      }
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      long atKill = users.countDocuments(Filters.exists("customerId"));
      assertThat(atKill).as(Files.readString(log)).isBetween(300L, CUSTOMERS - 1L);

      CustomerIdCliTest.Run resumed = CustomerIdCliTest.cli("migrate", "--uri",
          mongo.connectionString() + "/killed", "--json");

      // Only the final invariants: a write the killed process sent just before dying may still
      // land after the count above, so "assigned" is not compared with an exact number.
      assertThat(resumed.code()).as(resumed.err()).isZero();
      assertThat(resumed.json().get("assigned", Number.class).longValue())
          .isLessThanOrEqualTo(CUSTOMERS - atKill);
      List<String> ids = new ArrayList<>();
      users.find().forEach(d -> ids.add(d.getString("customerId")));
      assertThat(ids).hasSize(CUSTOMERS).doesNotContainNull();
      Set<String> distinct = new HashSet<>(ids);
      assertThat(distinct).hasSize(CUSTOMERS);
      CustomerIdCliTest.Run verify = CustomerIdCliTest.cli("verify", "--uri",
          mongo.connectionString() + "/killed", "--json");
      assertThat(verify.code()).as(verify.out()).isZero();
      Files.deleteIfExists(log);
    }
  }
}
