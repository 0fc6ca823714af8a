package io.github.customerid.spring.boot;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Prepares, while the application starts, every entity type with a {@link CustomerId} property that
 * Spring Data knows then: creates the unique sparse index on its field and reconciles the counter
 * with its collection (each as configured). A failure fails the start-up. Types first seen later are
 * prepared before their first ID is assigned.
 */
final class CustomerIdStartup implements SmartInitializingSingleton {

  private final CustomerIdEntities entities;
  private final CustomerIdCollections collections;

  CustomerIdStartup(CustomerIdEntities entities, CustomerIdCollections collections) {
    this.entities = entities;
    this.collections = collections;
  }

  @Override
  public void afterSingletonsInstantiated() {
    for (CustomerIdMapping mapping : entities.known()) {
      collections.prepare(mapping);
    }
  }
}
