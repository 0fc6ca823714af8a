package io.github.customerid.examples.customerservice;

import io.github.customerid.spring.boot.CustomerId;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user of the Node/Mongoose system, in its {@code users} collection. Customers get {@code
 * customerId} on their first save (the {@code @CustomerId} default rule: {@code role == "customer"}).
 *
 * @param id the MongoDB {@code _id}
 * @param customerId PL1, PL2, ... for customers; null for staff
 * @param name the name
 * @param email the e-mail address, unique
 * @param phone the phone number
 * @param role {@code customer}, {@code receptionist} or {@code admin}
 * @param passwordHash the password's PBKDF2 hash, never sent to clients
 * @param createdAt when the user registered
 */
@Document("users")
public record User(@Id String id, @CustomerId String customerId, String name,
    @Indexed(unique = true) String email, String phone, String role, String passwordHash,
    Instant createdAt) {}
