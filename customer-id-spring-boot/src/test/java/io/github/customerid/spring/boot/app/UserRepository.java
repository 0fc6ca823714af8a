package io.github.customerid.spring.boot.app;

import java.util.Optional;
import org.springframework.data.mongodb.repository.MongoRepository;

/** A repository with a derived query by customer ID. */
public interface UserRepository extends MongoRepository<User, String> {
  Optional<User> findByCustomerId(String customerId);
}
