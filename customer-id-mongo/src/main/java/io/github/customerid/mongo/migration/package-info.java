/**
 * Migration of existing customers and verification of their IDs: {@link
 * io.github.customerid.mongo.migration.CustomerIdMigration} gives every customer without an ID the next
 * IDs of the counter, in order of creation, idempotently and resumably; {@link
 * io.github.customerid.mongo.migration.CustomerIdVerifier} checks counts, malformed and duplicate IDs,
 * the counter against the data and the unique index, read-only.
 */
package io.github.customerid.mongo.migration;
