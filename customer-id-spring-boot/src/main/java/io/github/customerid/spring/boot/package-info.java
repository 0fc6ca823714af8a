/**
 * Spring Boot 4 auto-configuration of customer-id for Spring Data MongoDB.
 *
 * <ul>
 *   <li>{@link io.github.customerid.spring.boot.CustomerId}: marks the property that gets the next
 *       customer ID when a customer is saved.
 *   <li>{@link io.github.customerid.spring.boot.CustomerIdEntityCallback}: the {@code
 *       BeforeConvertCallback} that assigns it.
 *   <li>{@link io.github.customerid.spring.boot.CustomerIdAutoConfiguration} and {@link
 *       io.github.customerid.spring.boot.CustomerIdProperties}: the beans and the {@code
 *       customer-id.*} properties.
 *   <li>{@link io.github.customerid.spring.boot.CustomerIdLookup}: finding a customer by a typed ID.
 *   <li>{@link io.github.customerid.spring.boot.CustomerIdHealthIndicator}: Actuator health.
 * </ul>
 *
 * <p>No method of this package returns {@code null}; arguments must not be {@code null} unless
 * documented otherwise.
 */
package io.github.customerid.spring.boot;
