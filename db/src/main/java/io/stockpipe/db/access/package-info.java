/**
 * Who may log in to the pipeline's database besides stockpipe itself: analyst logins in the role
 * stockpipe_analyst, which read the views of the schema report and nothing else.
 */
package io.stockpipe.db.access;
