package io.github.customerid.spring.boot;

import io.github.customerid.core.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Actuator health of customer-ID assignment, configured when Spring Boot's health support is on the
 * class path ({@code management.health.customerid.enabled=false} turns it off). Details:
 *
 * <ul>
 *   <li>{@code sequence}, {@code counter}: the counter's value, read from the store (absent before
 *       the first ID). An unreadable counter is {@code DOWN}: no customer can be saved.
 *   <li>per entity collection ({@code collections}): {@code uniqueIndex}, whether the unique index on
 *       the ID field exists ({@code DOWN} if not: duplicates would not be detected), and {@code
 *       counterBehindData}, whether the ID the counter hands out next is already taken. That is not
 *       {@code DOWN}: the next save of a customer collides once, heals the counter and the save
 *       after it succeeds; alert on it, it means the counter was set back.
 * </ul>
 *
 * <p>Costs one counter read, and per collection one index listing and one indexed find.
 */
public final class CustomerIdHealthIndicator extends AbstractHealthIndicator {

  private final CustomerIdEntities entities;
  private final CustomerIdCollections collections;

  CustomerIdHealthIndicator(CustomerIdEntities entities, CustomerIdCollections collections) {
    super("customer-id health check failed");
    this.entities = entities;
    this.collections = collections;
  }

  /**
   * Reads the counter and checks every known entity collection.
   *
   * @param builder the health to fill in
   */
  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("sequence", collections.sequence());
    OptionalLong counter;
    try {
      counter = collections.store().current(collections.sequence());
    } catch (StoreException e) {
      builder.down(e).withDetail("counterReadable", false);
      return;
    }
    builder.withDetail("counterReadable", true);
    counter.ifPresent(c -> builder.withDetail("counter", c));
    boolean up = true;
    Map<String, Object> details = new LinkedHashMap<>();
    List<CustomerIdMapping> known = entities.known();
    for (CustomerIdMapping mapping : known) {
      boolean index = collections.hasUniqueIndex(mapping);
      boolean behind = collections.isBehind(mapping, counter.orElse(0));
      up &= index;
      details.put(collections.namespace(mapping) + "." + mapping.field(),
          Map.of("uniqueIndex", index, "counterBehindData", behind));
    }
    builder.withDetail("collections", details);
    if (up) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
