/** Engine-neutral conversion between DynamoDB items, Java values, Iceberg and Arrow. */
package dev.floe.core.conversion;
