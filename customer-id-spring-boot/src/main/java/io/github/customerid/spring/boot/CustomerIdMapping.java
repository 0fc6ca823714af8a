package io.github.customerid.spring.boot;

import com.mongodb.client.model.Filters;
import io.github.customerid.core.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.InstantiationAwarePropertyAccessor;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;

/**
 * What {@link CustomerId} says about one entity type: the property holding the ID, its MongoDB field
 * and collection, and the rule that tells a customer. Immutable and thread-safe.
 */
final class CustomerIdMapping {

  private final MongoPersistentEntity<?> entity;
  private final MongoPersistentProperty idProperty;
  private final MongoPersistentProperty whenProperty; // null: every entity is a customer
  private final String whenValue;
  private final EntityInstantiators instantiators;
  private final String key;

  private CustomerIdMapping(MongoPersistentEntity<?> entity, MongoPersistentProperty idProperty,
      MongoPersistentProperty whenProperty, String whenValue, EntityInstantiators instantiators) {
    this.entity = entity;
    this.idProperty = idProperty;
    this.whenProperty = whenProperty;
    this.whenValue = whenValue;
    this.instantiators = instantiators;
    this.key = entity.getCollection() + "." + idProperty.getFieldName();
  }

  /**
   * Reads the annotation of an entity type.
   *
   * @return the mapping, or empty if no property carries {@link CustomerId}
   * @throws InvalidConfigurationException if the annotation is misused (not a String, twice, or
   *     naming a property that does not exist)
   */
  static Optional<CustomerIdMapping> of(MongoPersistentEntity<?> entity,
      EntityInstantiators instantiators) {
    List<MongoPersistentProperty> annotated = new ArrayList<>(1);
    entity.doWithProperties((MongoPersistentProperty p) -> {
      if (p.isAnnotationPresent(CustomerId.class)) {
        annotated.add(p);
      }
    });
    if (annotated.isEmpty()) {
      return Optional.empty();
    }
    String type = entity.getType().getName();
    if (annotated.size() > 1) {
      throw new InvalidConfigurationException("@CustomerId is on " + annotated.size()
          + " properties of " + type + " (" + names(annotated) + "); put it on one");
    }
    MongoPersistentProperty id = annotated.get(0);
    if (id.getType() != String.class) {
      throw new InvalidConfigurationException("@CustomerId property \"" + id.getName() + "\" of "
          + type + " is a " + id.getType().getName() + "; it must be a String");
    }
    CustomerId annotation = id.findAnnotation(CustomerId.class);
    MongoPersistentProperty when = null;
    if (!annotation.whenProperty().isEmpty()) {
      when = entity.getPersistentProperty(annotation.whenProperty());
      if (when == null) {
        throw new InvalidConfigurationException("@CustomerId on " + type + "." + id.getName()
            + " names whenProperty \"" + annotation.whenProperty() + "\", but " + type
            + " has no such property; name the property that tells a customer (whenProperty), or "
            + "set whenProperty = \"\" if every " + entity.getType().getSimpleName()
            + " is a customer");
      }
    }
    return Optional.of(new CustomerIdMapping(entity, id, when, annotation.whenValue(),
        instantiators));
  }

  private static String names(List<MongoPersistentProperty> properties) {
    List<String> names = new ArrayList<>();
    properties.forEach(p -> names.add(p.getName()));
    return String.join(", ", names);
  }

  Class<?> type() {
    return entity.getType();
  }

  /** The collection the entity type is stored in (its {@code @Document} collection). */
  String collection() {
    return entity.getCollection();
  }

  /** The MongoDB field holding the ID (the property's {@code @Field} name, if any). */
  String field() {
    return idProperty.getFieldName();
  }

  /** Collection and field, {@code users.customerId}: what the index and reconcile are per. */
  String key() {
    return key;
  }

  String propertyName() {
    return idProperty.getName();
  }

  boolean isCustomer(Object bean) {
    if (whenProperty == null) {
      return true;
    }
    Object value = accessor(bean).getProperty(whenProperty);
    if (value == null) {
      return false;
    }
    if (value instanceof String s) {
      return s.equals(whenValue);
    }
    if (value instanceof Enum<?> e) {
      return e.name().equalsIgnoreCase(whenValue);
    }
    return value.toString().equals(whenValue);
  }

  /**
   * The customer rule as a MongoDB filter on the stored documents: empty (every document) when every
   * entity is a customer; otherwise the rule's field equal to the value as Spring Data stores it (an
   * enum constant by its name).
   */
  Bson customerFilter() {
    if (whenProperty == null) {
      return new Document();
    }
    Object stored = whenValue;
    Class<?> type = whenProperty.getType();
    if (type.isEnum()) {
      for (Object constant : type.getEnumConstants()) {
        if (((Enum<?>) constant).name().equalsIgnoreCase(whenValue)) {
          stored = ((Enum<?>) constant).name();
        }
      }
    }
    return Filters.eq(whenProperty.getFieldName(), stored);
  }

  boolean isNew(Object bean) {
    return entity.isNew(bean);
  }

  /** The ID the bean holds, or null if none (null or blank). */
  String get(Object bean) {
    Object value = accessor(bean).getProperty(idProperty);
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  /** Sets the ID: on the bean itself if it is mutable, otherwise on a copy, which is returned. */
  Object with(Object bean, String id) {
    PersistentPropertyAccessor<Object> accessor = accessor(bean);
    accessor.setProperty(idProperty, id);
    return accessor.getBean();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private PersistentPropertyAccessor<Object> accessor(Object bean) {
    MongoPersistentEntity raw = entity;
    return new InstantiationAwarePropertyAccessor<>(bean,
        b -> (PersistentPropertyAccessor<Object>) raw.getPropertyAccessor(b), instantiators);
  }

  @Override
  public String toString() {
    return entity.getType().getName() + "." + idProperty.getName() + " (collection "
        + collection() + ", field " + field() + ")";
  }
}
