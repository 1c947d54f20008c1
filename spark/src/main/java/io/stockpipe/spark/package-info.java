/**
 * What every Spark job of stockpipe shares: the one SparkSession of the process, where Spark runs
 * ({@code --spark-master}), and how its tasks reach PostgreSQL.
 */
package io.stockpipe.spark;
