package io.github.customerid.examples.customerservice;

import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.repository.MongoRepository;

/** The users collection. */
public interface UserRepository extends MongoRepository<User, String> {

  /**
   * The users of one role, oldest first.
   *
   * @param role the role
   * @return the users
   */
  List<User> findByRoleOrderByCreatedAtAsc(String role);

  /**
   * The user holding a customer ID, as stored (normalise typed input first).
   *
   * @param customerId e.g. {@code PL24}
   * @return the user, if any
   */
  Optional<User> findByCustomerId(String customerId);

  /**
   * Whether a user has registered with an e-mail address.
   *
   * @param email the address, lower case as stored
   * @return whether one has
   */
  boolean existsByEmail(String email);
}
