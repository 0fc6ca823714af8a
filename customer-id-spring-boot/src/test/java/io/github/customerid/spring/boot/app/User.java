package io.github.customerid.spring.boot.app;

import io.github.customerid.spring.boot.CustomerId;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The Node/Mongoose system's user, as a mutable class. */
@Document("users")
public class User {
  @Id
  private String id;
  @CustomerId
  private String customerId;
  private String name;
  private String role;

  public User() {}

  public User(String name, String role) {
    this.name = name;
    this.role = role;
  }

  public String getId() {
    return id;
  }

  public String getCustomerId() {
    return customerId;
  }

  public void setCustomerId(String customerId) {
    this.customerId = customerId;
  }

  public String getName() {
    return name;
  }

  public String getRole() {
    return role;
  }
}
