/**
 * The customer workflows on a MongoDB collection: where customer IDs live ({@link
 * io.github.customerid.mongo.customers.CustomerIdScheme}), assignment on insert and look-up ({@link
 * io.github.customerid.mongo.customers.CustomerIdAssigner}, the Node pre-save hook), moving the counter
 * past the stored IDs ({@link io.github.customerid.mongo.customers.CustomerIdReconciler}) and the
 * unique index on the ID field ({@link io.github.customerid.mongo.customers.CustomerIdIndex}).
 *
 * <p>A package of {@code customer-id-mongo}, not a module of its own: every class here needs the
 * Mongo store's driver and collections, and none would ever be used with another store, so a module
 * would add a coordinate to declare without letting anyone leave anything out.
 *
 * <p>No method of this package returns {@code null}; arguments must not be {@code null} unless
 * documented otherwise.
 */
package io.github.customerid.mongo.customers;
