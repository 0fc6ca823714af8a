/**
 * The MongoDB store of customer-id, on {@code mongodb-driver-sync}.
 *
 * <ul>
 *   <li>{@link io.github.customerid.mongo.MongoSequenceStore}: the atomic counter ({@code
 *       findOneAndUpdate} with {@code $inc}), compatible with the Node service's {@code counters}
 *       documents.
 *   <li>{@link io.github.customerid.mongo.MongoIndexBootstrap}: the unique index the counters need,
 *       created idempotently.
 * </ul>
 *
 * <p>The customer workflows (assignment on insert, look-up, reconcile, the customer ID index) are in
 * {@code io.github.customerid.mongo.customers}; migration and verification in {@code
 * io.github.customerid.mongo.migration}.
 *
 * <p>No method of this package returns {@code null}; arguments must not be {@code null} unless
 * documented otherwise.
 */
package io.github.customerid.mongo;
