package io.github.customerid.spring.boot;

import java.util.List;
import org.springframework.dao.DuplicateKeyException;

/**
 * A save failed because the customer ID it was given already belonged to another document: the
 * counter was behind the data (set back, restored from an old backup or deleted while the service
 * ran). By the time the caller sees this exception the counter has been moved past the highest ID in
 * the data, so saving the entity again succeeds with a new ID. The message names the ID and the cure.
 *
 * <p>A {@link DuplicateKeyException}, so existing handlers of duplicate keys keep working.
 */
public class CustomerIdCollisionException extends DuplicateKeyException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> ids;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the ID and the cure
   * @param ids the customer IDs that were found taken
   * @param cause the driver's duplicate-key error
   */
  public CustomerIdCollisionException(String message, List<String> ids, Throwable cause) {
    super(message, cause);
    this.ids = List.copyOf(ids);
  }

  /**
   * Returns the customer IDs that were already taken.
   *
   * @return the IDs, never empty
   */
  public List<String> ids() {
    return ids;
  }
}
