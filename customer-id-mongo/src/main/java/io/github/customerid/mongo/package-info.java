/**
 * The MongoDB store of customer-id, on {@code mongodb-driver-sync}.
 *
 * <ul>
 *   <li>{@link io.github.customerid.mongo.MongoSequenceStore}: the atomic counter ({@code
 *       findOneAndUpdate} with {@code $inc}), compatible with the Node service's {@code counters}
 *       documents.
 *   <li>{@link io.github.customerid.mongo.MongoIndexBootstrap}: the unique indexes the data needs,
 *       created idempotently.
 *   <li>{@link io.github.customerid.mongo.CustomerIdAssigner}: assignment on insert (the Node
 *       pre-save hook), self-healing, reconcile, and look-up by customer ID.
 * </ul>
 *
 * <p>No method of this package returns {@code null}; arguments must not be {@code null} unless
 * documented otherwise.
 */
package io.github.customerid.mongo;
