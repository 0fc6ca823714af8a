package io.github.customerid.spring.boot.app;

import io.github.customerid.spring.boot.CustomerId;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A record in the same users collection. */
@Document("users")
public record Guest(@Id String id, @CustomerId String customerId, String name, String role) {}
