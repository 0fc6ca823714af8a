package io.github.customerid.spring.boot;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A record every member of which is a customer, whose constructor refuses a numbered guest without a
 * name: the callback's new instance with the ID cannot be built, and the number drawn for it is lost.
 */
@Document("guests")
public record Guest(@Id String id, @CustomerId(whenProperty = "") String customerId, String name) {

  /** Refuses an ID without a name. */
  public Guest {
    if (customerId != null && (name == null || name.isBlank())) {
      throw new IllegalArgumentException("a numbered guest needs a name");
    }
  }
}
