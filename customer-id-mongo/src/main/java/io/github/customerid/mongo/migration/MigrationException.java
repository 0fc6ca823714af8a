package io.github.customerid.mongo.migration;

import io.github.customerid.core.CustomerIdException;

/**
 * Thrown when a migration cannot go on: the database rejected a write for a reason other than a lost
 * race, or the counter kept colliding with existing IDs. What was assigned before stays assigned; the
 * message names the collection and what failed, and running the migration again resumes it.
 */
public class MigrationException extends CustomerIdException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the collection and values involved
   */
  public MigrationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the collection and values involved
   * @param cause the underlying failure
   */
  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
