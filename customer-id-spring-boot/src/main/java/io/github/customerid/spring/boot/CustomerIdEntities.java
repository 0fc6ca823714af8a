package io.github.customerid.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;

/**
 * Finds and caches the {@link CustomerIdMapping} of entity types, through Spring Data's mapping
 * context (so {@code @Field} names and {@code @Document} collections are the ones Spring Data
 * writes). Thread-safe.
 */
final class CustomerIdEntities {

  private final MappingContext<? extends MongoPersistentEntity<?>, MongoPersistentProperty> context;
  private final EntityInstantiators instantiators = new EntityInstantiators();
  private final Map<Class<?>, Optional<CustomerIdMapping>> byType = new ConcurrentHashMap<>();

  CustomerIdEntities(
      MappingContext<? extends MongoPersistentEntity<?>, MongoPersistentProperty> context) {
    this.context = context;
  }

  /** The mapping of a type, or empty if it is no entity or has no {@link CustomerId} property. */
  Optional<CustomerIdMapping> forType(Class<?> type) {
    Optional<CustomerIdMapping> cached = byType.get(type);
    if (cached != null) {
      return cached;
    }
    MongoPersistentEntity<?> entity = context.getPersistentEntity(type);
    Optional<CustomerIdMapping> mapping = entity == null ? Optional.empty()
        : CustomerIdMapping.of(entity, instantiators);
    byType.putIfAbsent(type, mapping);
    return mapping;
  }

  /**
   * The mappings of every entity type the mapping context knows now: the types Spring Boot found by
   * scanning for {@code @Document}, plus any used so far.
   */
  List<CustomerIdMapping> known() {
    List<CustomerIdMapping> found = new ArrayList<>();
    for (MongoPersistentEntity<?> entity : context.getPersistentEntities()) {
      forType(entity.getType()).ifPresent(found::add);
    }
    return found;
  }
}
