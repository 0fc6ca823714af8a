package io.github.customerid.mongo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times the migration of many customers against the embedded server. Off by default (it is a
 * measurement, not a check); run it with:
 *
 * <pre>
 * ./mvnw -B -q -pl customer-id-mongo -am verify -Dtest=MigrationThroughputTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dcustomerid.throughput.customers=100000
 * </pre>
 *
 * The figure is printed to the test's output ({@code target/surefire-reports/*-output.txt}).
 */
@EnabledIfSystemProperty(named = "customerid.throughput.customers", matches = "\\d+")
class MigrationThroughputTest {

  @Test
  void shouldMigrateManyCustomers() {
    int customers = Integer.getInteger("customerid.throughput.customers");
    int batch = Integer.getInteger("customerid.throughput.batch", CustomerIdMigration.DEFAULT_BATCH_SIZE);
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MigrationFixture f = new MigrationFixture(client);
      f.createUniqueIndex();
      f.createPointLookupIndexForTheEmbeddedServer();
      f.allocator().initialize(23);
      f.insertLegacyCustomers(customers, 1_400_000_000L, 42);

      MigrationReport report = CustomerIdMigration.builder(f.scheme(), f.store).batchSize(batch)
          .build().run();

      System.out.println("THROUGHPUT " + customers + " customers, batch " + batch + ": " + report);
      assertThat(report.assigned()).isEqualTo(customers);
      assertThat(f.users.countDocuments(Filters.eq("customerId", null))).isZero();
    }
  }
}
