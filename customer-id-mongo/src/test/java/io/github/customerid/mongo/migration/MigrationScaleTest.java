package io.github.customerid.mongo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Migrates N customers and measures the migration's heap and throughput: the one measurement of the
 * migration (README.md, "Operations", has the figures). Off by default (it is a measurement, not a
 * check); run it with:
 *
 * <pre>
 * ./mvnw -B -q -pl customer-id-mongo -am verify -Dtest=MigrationScaleTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmaven.javadoc.skip=true \
 *     -Dcustomerid.scale.customers=100000,1000000 -Dcustomerid.scale.batch=10000
 * </pre>
 *
 * <p>{@code customerid.scale.batch} sets the batch size (default {@link
 * CustomerIdMigration#DEFAULT_BATCH_SIZE}), {@code customerid.scale.serverHeap} the server JVM's
 * {@code -Xmx} (default {@code 8g}).
 *
 * <p>The embedded server runs in a JVM of its own ({@link EmbeddedServerMain}), so the test JVM
 * holds only the driver and the migration. The live heap is read after a full collection ({@code
 * System.gc()}, then the heap's used bytes) before the run, about 20 times during it (after every
 * {@code max(1, batches / 20)}th batch) and after it; the figure is the largest of those samples. Throughput is customers assigned per second of {@code run()}. The
 * result is printed to the test's output ({@code target/surefire-reports/*-output.txt}) as lines
 * starting with {@code SCALE}.
 */
@EnabledIfSystemProperty(named = "customerid.scale.customers", matches = "[\\d,]+")
class MigrationScaleTest {

  @Test
  void shouldMigrateWithAHeapThatDoesNotGrowWithTheNumberOfCustomers() throws Exception {
    int batch = Integer.getInteger("customerid.scale.batch", CustomerIdMigration.DEFAULT_BATCH_SIZE);
    List<long[]> results = new ArrayList<>();
    for (String size : System.getProperty("customerid.scale.customers").split(",")) {
      results.add(measure(Integer.parseInt(size), batch));
    }
    long smallest = results.get(0)[1];
    for (long[] r : results) {
      System.out.printf(Locale.ROOT, "SCALE %,d customers: peak live heap %.1f MiB (%.2fx the first"
          + " size), heap before the run %.1f MiB, %,.0f customers/s%n", r[0], r[1] / 1048576.0,
          (double) r[1] / smallest, r[2] / 1048576.0, r[3] / 1000.0);
    }
    for (long[] r : results) {
      assertThat((double) r[1]).as("peak live heap at %d customers", r[0])
          .isLessThanOrEqualTo(1.5 * smallest);
    }
  }

  /** Returns {customers, peak live heap, live heap before, customers per 1000 s}. */
  private long[] measure(int customers, int batch) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process server = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin"
        + File.separator + "java", "-Xmx" + System.getProperty("customerid.scale.serverHeap", "8g"),
        "-cp", classpath, EmbeddedServerMain.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("the server's first line").startsWith("PORT ");
      try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + line.substring(5))) {
        MigrationFixture f = new MigrationFixture(client);
        f.createUniqueIndex();
        f.allocator().initialize(23);
        f.insertLegacyCustomers(customers, 1_000_000_000L, 42);

        long before = liveHeap();
        long[] peak = {before};
        int[] batches = {0};
        // About 20 samples during the run, whatever the batch size: every batch when there are
        // fewer than 40 (100,000 customers in batches of 10,000 are 10 batches).
        int every = Math.max(1, (customers + batch - 1) / batch / 20);
        long started = System.nanoTime();
        MigrationReport report = CustomerIdMigration.builder(f.scheme(), f.store).batchSize(batch)
            .listener(p -> {
              if (++batches[0] % every == 0) {
                peak[0] = Math.max(peak[0], liveHeap());
              }
            }).build().run();
        long nanos = System.nanoTime() - started;
        peak[0] = Math.max(peak[0], liveHeap());

        System.out.println("SCALE " + customers + " customers, batch " + batch + ": " + report);
        assertThat(report.assigned()).isEqualTo(customers);
        assertThat(f.users.countDocuments(Filters.eq("customerId", null))).isZero();
        return new long[] {customers, peak[0], before,
            (long) (report.assigned() * 1e12 / nanos)};
      }
    } finally {
      server.getOutputStream().close();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
