/** Ad-hoc SQL for operators and checks: run a statement, print its result as a table or CSV. */
package io.stockpipe.db.query;
