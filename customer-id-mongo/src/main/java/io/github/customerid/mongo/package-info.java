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
