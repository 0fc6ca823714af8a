package io.github.customerid.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import java.util.Set;

/**
 * Classifies driver exceptions by error code and label, never by message text, so that every part of
 * this library reads a server's answer the same way.
 *
 * <p>Stateless and thread-safe.
 */
public final class MongoErrors {

  /** TypeMismatch: {@code $inc} on a field that is not a number (an array, say). */
  static final int TYPE_MISMATCH = 14;

  /** WriteConflict: seen when an update races a transaction on the same document. */
  static final int WRITE_CONFLICT = 112;

  /**
   * Server codes of a node stepping down, shutting down or unreachable: the operation did not run, or
   * ran and its reply was lost. Both are safe to retry for the store's operations (see the store).
   */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(
      6, // HostUnreachable
      7, // HostNotFound
      89, // NetworkTimeout
      91, // ShutdownInProgress
      189, // PrimarySteppedDown
      262, // ExceededTimeLimit
      9001, // SocketException
      10107, // NotWritablePrimary
      11600, // InterruptedAtShutdown
      11602, // InterruptedDueToReplStateChange
      13435, // NotPrimaryNoSecondaryOk
      13436, // NotPrimaryOrSecondary
      WRITE_CONFLICT);

  private MongoErrors() {}

  /**
   * Whether the server refused a write because of a unique index (codes 11000, 11001, 12582).
   *
   * @param e the driver's exception
   * @return whether it is a duplicate-key error
   */
  public static boolean isDuplicateKey(MongoException e) {
    return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }

  /**
   * Walks a cause chain (a framework may wrap the driver's exception) looking for a duplicate key.
   *
   * @param t any exception, or null
   * @return whether {@code t} or one of its causes is a duplicate-key error of the driver
   */
  public static boolean isDuplicateKey(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof MongoException && isDuplicateKey((MongoException) c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the failure is one a retry may cure: a lost connection, a primary stepping down, a write
   * conflict. Server-selection timeouts are not: the driver already waited for a server.
   *
   * @param e the driver's exception
   * @return whether trying the same operation again may succeed
   */
  public static boolean isTransient(MongoException e) {
    return e instanceof MongoSocketException
        || e instanceof MongoConnectionPoolClearedException
        || e instanceof MongoNotPrimaryException
        || e instanceof MongoNodeIsRecoveringException
        || e.hasErrorLabel("RetryableWriteError")
        || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
        || TRANSIENT_CODES.contains(e.getCode());
  }
}
