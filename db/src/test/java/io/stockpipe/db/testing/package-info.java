/**
 * Test support shared by every module (published as the db test-jar): a real embedded PostgreSQL,
 * migrated, emptied before each test.
 */
package io.stockpipe.db.testing;
