package io.github.customerid.spring.boot;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A mutable entity as most services write them: the users collection of the Node/Mongoose system. */
@Document("users")
public class Customer {
  @Id
  private String id;
  @CustomerId
  private String customerId;
  private String name;
  private String role;

  public Customer() {}

  public Customer(String name, String role) {
    this.name = name;
    this.role = role;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
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

  public void setName(String name) {
    this.name = name;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }
}
