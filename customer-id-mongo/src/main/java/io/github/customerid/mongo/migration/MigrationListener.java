package io.github.customerid.mongo.migration;

/**
 * Receives the progress of a {@link CustomerIdMigration}, once after every batch, in the migrating
 * thread. A command line draws a progress bar with it; a service exports a metric.
 *
 * <pre>{@code
 * migration = CustomerIdMigration.builder(users, store)
 *     .listener(p -> System.err.printf("%d/%d%n", p.assigned(), p.total()))
 *     .build();
 * }</pre>
 *
 * <p>An exception thrown by the listener stops the migration and reaches the caller of {@link
 * CustomerIdMigration#run()}. That is safe: what was assigned stays assigned, and running the migration
 * again finishes the job.
 */
@FunctionalInterface
public interface MigrationListener {

  /** A listener that ignores every event. */
  MigrationListener NONE = progress -> { };

  /**
   * Called after each batch.
   *
   * @param progress where the migration stands; never null
   */
  void onProgress(MigrationProgress progress);
}
