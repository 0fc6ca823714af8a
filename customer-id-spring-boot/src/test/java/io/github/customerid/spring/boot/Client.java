package io.github.customerid.spring.boot;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An immutable class with a wither, and an enum role. */
@Document("clients")
public final class Client {

  /** Roles. */
  public enum Role { CUSTOMER, STAFF }

  @Id
  private final String id;
  @CustomerId
  private final String customerId;
  private final String name;
  private final Role role;

  public Client(String id, String customerId, String name, Role role) {
    this.id = id;
    this.customerId = customerId;
    this.name = name;
    this.role = role;
  }

  public Client withId(String id) {
    return new Client(id, customerId, name, role);
  }

  public Client withCustomerId(String customerId) {
    return new Client(id, customerId, name, role);
  }

  public String getId() {
    return id;
  }

  public String getCustomerId() {
    return customerId;
  }

  public String getName() {
    return name;
  }

  public Role getRole() {
    return role;
  }
}
