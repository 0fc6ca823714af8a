/**
 * The Spring Boot starter of customer-id holds no code: it brings {@code customer-id-spring-boot}
 * (the auto-configuration, {@link io.github.customerid.spring.boot.CustomerId}) and Spring Boot's
 * {@code spring-boot-starter-data-mongodb}. Add it, put {@code @CustomerId} on the customer-ID
 * property of an entity, and new customers get {@code PL1}, {@code PL2}, ... on save, a unique index
 * and a reconciled counter at start-up.
 */
package io.github.customerid.spring.boot.starter;
