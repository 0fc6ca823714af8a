/**
 * The MongoDB store of customer-id, on {@code mongodb-driver-sync}.
 *
 * <ul>
 *   <li>{@link io.github.customerid.mongo.MongoSequenceStore}: the atomic counter ({@code
 *       findOneAndUpdate} with {@code $inc}), compatible with the Node service's {@code counters}
 *       documents.
 *   <li>{@link io.github.customerid.mongo.CounterIndex}: the unique index on the counters' key field,
 *       which the store creates on first use or an administrator creates ahead of time.
 *   <li>{@link io.github.customerid.mongo.SingleFieldIndex}, {@link
 *       io.github.customerid.mongo.MongoNames} and {@link io.github.customerid.mongo.MongoErrors}: how
 *       every part of this library reads existing indexes, checks collection and field names, and
 *       classifies driver errors.
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
