/**
 * Where the model module's Spark runs and how its tasks reach PostgreSQL. A small copy of the
 * features module's helpers rather than a dependency on it: modules do not depend sideways.
 */
package io.stockpipe.model.spark;
