package io.github.customerid.mongo.customers;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tells a {@link CustomerIdAssigner} how to read and write the customer ID of an application's own
 * entity class (a POJO mapped by the driver's codecs, Spring Data, or anything else).
 *
 * <pre>{@code
 * CustomerIdBinding<User> binding = CustomerIdBinding.of(
 *     u -> "customer".equals(u.getRole()), User::getCustomerId, User::setCustomerId);
 * }</pre>
 *
 * <p>Immutable and thread-safe if the functions are.
 *
 * @param <T> the entity type
 */
public final class CustomerIdBinding<T> {

  private final Predicate<? super T> isCustomer;
  private final Function<? super T, String> getter;
  private final BiConsumer<? super T, String> setter;

  private CustomerIdBinding(Predicate<? super T> isCustomer, Function<? super T, String> getter,
      BiConsumer<? super T, String> setter) {
    this.isCustomer = isCustomer;
    this.getter = getter;
    this.setter = setter;
  }

  /**
   * Creates a binding.
   *
   * @param <T> the entity type
   * @param isCustomer whether an entity is a customer and so gets an ID
   * @param getter reads the entity's customer ID; may return {@code null} when it has none
   * @param setter writes the entity's customer ID; receives {@code null} when an ID that collided
   *     must be cleared before a retry
   * @return the binding
   * @throws NullPointerException if an argument is null
   */
  public static <T> CustomerIdBinding<T> of(Predicate<? super T> isCustomer,
      Function<? super T, String> getter, BiConsumer<? super T, String> setter) {
    return new CustomerIdBinding<>(Objects.requireNonNull(isCustomer, "isCustomer"),
        Objects.requireNonNull(getter, "getter"), Objects.requireNonNull(setter, "setter"));
  }

  boolean isCustomer(T entity) {
    return isCustomer.test(entity);
  }

  Optional<String> get(T entity) {
    return Optional.ofNullable(getter.apply(entity));
  }

  void set(T entity, String id) {
    setter.accept(entity, id);
  }
}
