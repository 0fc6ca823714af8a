/**
 * A MongoDB to test and demonstrate against, with nothing installed: {@link
 * io.github.customerid.mongo.embedded.EmbeddedMongo}, an in-process MongoDB wire-protocol server made
 * linearizable (single-document atomicity under contention, as a real MongoDB has), and {@link
 * io.github.customerid.mongo.embedded.FaultInjectingProxy}, a TCP proxy that cuts connections at
 * random points of requests and replies.
 *
 * <p>Not a production database: see {@link io.github.customerid.mongo.embedded.EmbeddedMongo} for
 * what it does not do like MongoDB.
 */
package io.github.customerid.mongo.embedded;
