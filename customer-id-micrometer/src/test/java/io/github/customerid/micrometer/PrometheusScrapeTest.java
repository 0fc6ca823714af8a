package io.github.customerid.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.listener.StoreOperation;
import io.github.customerid.memory.InMemorySequenceStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The meters as Prometheus sees them: the names the README lists, and a registry that insists on one
 * set of tag keys per name accepts every meter (including retries of different exception classes,
 * which share one series per operation).
 */
class PrometheusScrapeTest {

  @Test
  void everyMeterScrapesUnderTheNamesTheReadmeLists() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (MicrometerSequenceListener metrics = new MicrometerSequenceListener(registry)) {
      IdAllocator ids = IdAllocator.builder(new InMemorySequenceStore()).blocks(10)
          .prefetchPercent(0).listener(metrics).build();
      metrics.monitor(ids);
      for (int i = 0; i < 25; i++) {
        ids.next();
      }
      metrics.onHeal("customerId", 3, 40, "test");
      metrics.onRetry("customerId", StoreOperation.ALLOCATE, new IOException());
      metrics.onRetry("customerId", StoreOperation.ALLOCATE, new TimeoutException());

      String scrape = registry.scrape();

      assertThat(scrape).contains(
          "customerid_allocations_ids_total{mode=\"block\",sequence=\"customerId\"} 25.0",
          "customerid_store_calls_total{operation=\"allocate\",outcome=\"success\","
              + "sequence=\"customerId\"} 3.0",
          "customerid_store_call_duration_seconds_count{operation=\"allocate\","
              + "outcome=\"success\",sequence=\"customerId\"} 3",
          "customerid_store_call_duration_seconds_sum{operation=\"allocate\",outcome=\"failure\"",
          "customerid_block_refills_blocks_total{sequence=\"customerId\"} 3.0",
          "customerid_block_reserved_ids_total{sequence=\"customerId\"} 30.0",
          "customerid_block_waits_seconds_count{sequence=\"customerId\"} 3",
          "customerid_block_waits_seconds_max{sequence=\"customerId\"}",
          "customerid_block_remaining_ids{sequence=\"customerId\"} 5.0",
          "customerid_discarded_ids_total{reason=\"close\",sequence=\"customerId\"} 0.0",
          "customerid_heals_total{sequence=\"customerId\"} 1.0",
          "customerid_heal_distance_ids_sum{sequence=\"customerId\"} 37.0",
          "customerid_retries_total{operation=\"allocate\",sequence=\"customerId\"} 2.0");
      // calls is the store calls' base unit; the name already ends in it, so it is not repeated.
      assertThat(registry.get(MicrometerSequenceListener.STORE_CALLS).functionCounter().getId()
          .getBaseUnit()).isEqualTo("calls");
      assertThat(scrape).doesNotContain("customerid_store_calls_calls", "exception=");
    }
  }

  @Test
  void aConflictingMeterInTheRegistryNeverBreaksAllocation() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The application already has a meter of one of our names with other tag keys.
    registry.counter("customerid.heals", "team", "billing");
    try (MicrometerSequenceListener metrics = new MicrometerSequenceListener(registry)) {
      IdAllocator ids = IdAllocator.builder(new InMemorySequenceStore()).listener(metrics).build();
      metrics.monitor(ids);

      assertThat(ids.next()).isEqualTo("PL1");
      metrics.onHeal("customerId", 1, 2, "test");

      assertThat(registry.scrape()).contains(
          "customerid_allocations_ids_total{mode=\"strict\",sequence=\"customerId\"} 1.0");
    }
  }
}
